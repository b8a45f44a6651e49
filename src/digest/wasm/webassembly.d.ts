/**
 * The part of the WebAssembly JavaScript API (webassembly.github.io/spec/js-api) that src/digest/wasm/
 * uses. TypeScript declares `WebAssembly` only in lib.dom, which this Node project does not load (it
 * would declare window, document and a fetch that clash with @types/node), and @types/node 20 declares
 * none of it; esbuild's types add an empty `WebAssembly.Module` interface, hence "Cannot use namespace
 * 'WebAssembly' as a value". These declarations merge with that one; drop them if @types/node gains them.
 */
declare namespace WebAssembly {
  interface ModuleImportDescriptor {
    module: string;
    name: string;
    kind: 'function' | 'global' | 'memory' | 'table';
  }
  interface ModuleExportDescriptor {
    name: string;
    kind: 'function' | 'global' | 'memory' | 'table';
  }
  // biome-ignore lint/suspicious/noEmptyInterface: an opaque compiled module (merges with esbuild's declaration)
  interface Module {}
  var Module: {
    prototype: Module;
    /** Compiles synchronously: Node allows it at any size; fine for modules of a few KB. */
    new (bytes: ArrayBufferView | ArrayBuffer): Module;
    imports(module: Module): ModuleImportDescriptor[];
    exports(module: Module): ModuleExportDescriptor[];
  };

  interface Instance {
    /** Functions, the memory and globals, by export name. */
    readonly exports: Record<string, unknown>;
  }
  var Instance: {
    prototype: Instance;
    new (module: Module, imports?: Record<string, Record<string, unknown>>): Instance;
  };

  interface Memory {
    /** The memory's bytes; a new ArrayBuffer after every grow (views of the old one are detached). */
    readonly buffer: ArrayBuffer;
    /** Adds `delta` 64 KiB pages; returns the previous size in pages. */
    grow(delta: number): number;
  }
  var Memory: {
    prototype: Memory;
    new (descriptor: { initial: number; maximum?: number }): Memory;
  };

  interface Global {
    value: number;
  }
  var Global: {
    prototype: Global;
  };

  /** What a trap throws (an out-of-bounds access, `unreachable`: a `throw` in AssemblyScript). */
  interface RuntimeError extends Error {}
  var RuntimeError: { prototype: RuntimeError; new (message?: string): RuntimeError };
}
