/** Live-schema checks beyond schema.ts (filled in below). */
import type { ReviewConfig } from './config';
import type { Prepared } from './review';
import type { ExtrasLive } from './review-extras';

export async function liveExtras(_live: ExtrasLive, _prepared: Prepared[], _config: ReviewConfig, _notes: string[]): Promise<void> {}
