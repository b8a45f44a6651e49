/**
 * vCPU and memory of Aurora MySQL instance classes, and the default max_connections Aurora derives from
 * the class memory (AWS table for aurora-mysql; a custom parameter group may override it).
 */

export interface ClassSpec {
  instanceClass: string;
  vcpu?: number;
  memoryGiB?: number;
  /** Aurora MySQL default max_connections for the class. */
  defaultMaxConnections?: number;
  serverless: boolean;
  burstable: boolean;
}

/** Memory-optimised sizes: vCPU and GiB at 8 GiB per vCPU (r5, r6g, r6i, r7g, r8g). */
const R_SIZES: Record<string, [number, number]> = {
  large: [2, 16],
  xlarge: [4, 32],
  '2xlarge': [8, 64],
  '4xlarge': [16, 128],
  '8xlarge': [32, 256],
  '12xlarge': [48, 384],
  '16xlarge': [64, 512],
  '24xlarge': [96, 768],
  '32xlarge': [128, 1024],
  '48xlarge': [192, 1536],
};

const FAMILY_SIZES: Record<string, readonly string[]> = {
  r5: ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge', '24xlarge'],
  r6g: ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge'],
  r6i: ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge', '24xlarge', '32xlarge'],
  r7g: ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge'],
  r7i: ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge', '24xlarge', '48xlarge'],
  r8g: ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge', '24xlarge', '48xlarge'],
};

/** x2g: 16 GiB per vCPU. */
const X2G: Record<string, [number, number]> = {
  large: [2, 32],
  xlarge: [4, 64],
  '2xlarge': [8, 128],
  '4xlarge': [16, 256],
  '8xlarge': [32, 512],
  '12xlarge': [48, 768],
  '16xlarge': [64, 1024],
};

const BURSTABLE: Record<string, Record<string, [number, number]>> = {
  t3: { small: [2, 2], medium: [2, 4], large: [2, 8] },
  t4g: { medium: [2, 4], large: [2, 8] },
};

/** Aurora MySQL default max_connections by size (AWS documentation table). */
const MAX_CONNECTIONS: Record<string, number> = {
  small: 45,
  medium: 90,
  large: 1000,
  xlarge: 2000,
  '2xlarge': 3000,
  '4xlarge': 4000,
  '8xlarge': 5000,
  '12xlarge': 6000,
  '16xlarge': 6000,
  '24xlarge': 7000,
  '32xlarge': 7000,
  '48xlarge': 8000,
};

/** Spec of a class such as `db.r6g.2xlarge`; `db.serverless` takes its memory from the max ACU (2 GiB per ACU). */
export function classSpec(instanceClass: string, options: { maxAcu?: number } = {}): ClassSpec | undefined {
  const c = instanceClass.trim().toLowerCase();
  if (c === 'db.serverless') {
    return {
      instanceClass: c,
      serverless: true,
      burstable: false,
      ...(options.maxAcu ? { memoryGiB: options.maxAcu * 2 } : {}),
    };
  }
  const m = /^db\.([a-z0-9]+)\.([a-z0-9]+)$/.exec(c);
  if (!m) return undefined;
  const family = m[1]!;
  const size = m[2]!;
  let pair: [number, number] | undefined;
  let burstable = false;
  let maxConn = MAX_CONNECTIONS[size];
  if (FAMILY_SIZES[family]?.includes(size)) pair = R_SIZES[size];
  else if (family === 'x2g') pair = X2G[size];
  else if (BURSTABLE[family]?.[size]) {
    pair = BURSTABLE[family][size];
    burstable = true;
    maxConn = size === 'large' ? 135 : MAX_CONNECTIONS[size];
  }
  if (!pair) return undefined;
  return { instanceClass: c, vcpu: pair[0], memoryGiB: pair[1], serverless: false, burstable, ...(maxConn ? { defaultMaxConnections: maxConn } : {}) };
}
