import { Foundation1764000000000 } from './1764000000000-foundation.js';
import { FutureConference1764100000000 } from './1764100000000-future-conference.js';
import { Outbox1764200000000 } from './1764200000000-outbox.js';
import { Privacy1764300000000 } from './1764300000000-privacy.js';
import { Committee1764400000000 } from './1764400000000-committee.js';
import { Tv1764500000000 } from './1764500000000-tv.js';
import { Preparedness1764600000000 } from './1764600000000-preparedness.js';
import { ActivitySources1764700000000 } from './1764700000000-activity-sources.js';
import { ActivityFeedLines1764800000000 } from './1764800000000-activity-feed-lines.js';
import { Safeguarding1765000000000 } from './1765000000000-safeguarding.js';
import { Replies1765010000000 } from './1765010000000-replies.js';
import { Deliberation1765100000000 } from './1765100000000-deliberation.js';
import { Disaster1765200000000 } from './1765200000000-disaster.js';
import { ProposalPageIndex1765300000000 } from './1765300000000-proposal-page-index.js';

/** Every migration, in order. Listed explicitly: globs do not survive ESM builds. */
export const migrations = [
  Foundation1764000000000,
  FutureConference1764100000000,
  Outbox1764200000000,
  Privacy1764300000000,
  Committee1764400000000,
  Tv1764500000000,
  Preparedness1764600000000,
  ActivitySources1764700000000,
  ActivityFeedLines1764800000000,
  Safeguarding1765000000000,
  Replies1765010000000,
  Deliberation1765100000000,
  Disaster1765200000000,
  ProposalPageIndex1765300000000,
];
