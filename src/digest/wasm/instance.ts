/**
 * Instantiates a WebAssembly module of src/digest/wasm/ from its generated base64 constant (the
 * `<name>.wasm.ts` modules build/wasm.cjs writes), synchronously: the modules are a few KB, Node allows
 * synchronous compilation at any size, and a digest can start on them at once. Measured here (Node 20,
 * main-pass, under load): the first module of a process ~1.3 ms (module 1.0 ms, the engine's start
 * included; instance 0.3 ms), another ~0.06 ms.
 * The modules import nothing, so no imports are passed; one that needed some fails here, at once.
 */

/** What every module exports besides its functions: its memory (asc exports it as `memory`). */
export interface WasmMemoryExports {
  memory: WebAssembly.Memory;
}

/**
 * A new instance of the module whose bytes are `base64`, with its exports typed as the caller says
 * (the caller's type must match the module's source; the behaviour tests check that it does).
 */
export function instantiate<T extends WasmMemoryExports>(base64: string): T {
  const module = new WebAssembly.Module(Buffer.from(base64, 'base64'));
  const wanted = WebAssembly.Module.imports(module);
  if (wanted.length > 0)
    throw new Error(`a WebAssembly module of src/digest/wasm imports ${wanted.map((i) => `${i.module}.${i.name}`).join(', ')}: it must import nothing`);
  return new WebAssembly.Instance(module, {}).exports as unknown as T;
}
