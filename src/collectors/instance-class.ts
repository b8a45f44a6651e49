/** vCPU and memory of common Aurora MySQL instance classes (from the class name; AWS does not return them). */
const SIZE_VCPU: Record<string, number> = {
  large: 2, xlarge: 4, '2xlarge': 8, '4xlarge': 16, '8xlarge': 32, '12xlarge': 48, '16xlarge': 64, '24xlarge': 96, '32xlarge': 128, '48xlarge': 192,
};
/** GiB of memory per vCPU by family letter(s). */
const GIB_PER_VCPU: Record<string, number> = { r: 8, x2: 16, x: 16, m: 4, c: 2 };
const BURSTABLE: Record<string, { vcpu: number; memoryGiB: number }> = {
  small: { vcpu: 2, memoryGiB: 2 }, medium: { vcpu: 2, memoryGiB: 4 }, large: { vcpu: 2, memoryGiB: 8 }, xlarge: { vcpu: 4, memoryGiB: 16 }, '2xlarge': { vcpu: 8, memoryGiB: 32 },
};

export function classShape(instanceClass: string): { vcpu: number; memoryGiB: number } | undefined {
  const m = /^db\.([a-z]+\d*)([a-z-]*)\.(\w+)$/.exec(instanceClass);
  if (!m) return undefined;
  const [, family, , size] = m as unknown as [string, string, string, string];
  if (family.startsWith('t')) return BURSTABLE[size];
  const vcpu = SIZE_VCPU[size];
  const letters = family.replace(/\d+$/, '');
  const perVcpu = family.startsWith('x2') ? GIB_PER_VCPU.x2 : GIB_PER_VCPU[letters];
  if (vcpu === undefined || perVcpu === undefined) return undefined;
  return { vcpu, memoryGiB: vcpu * perVcpu };
}
