import { EventResolver } from './graph/event.resolver.js';
import { NotificationResolver } from './graph/notification.resolver.js';
import { ThemeResolver } from './graph/theme.resolver.js';
import { IdentityResolver } from './identity/identity.resolver.js';

/** Every resolver, for emitting the schema without a database (src/schema.ts); a test checks it matches the app's. */
export const RESOLVERS = [IdentityResolver, ThemeResolver, EventResolver, NotificationResolver];
