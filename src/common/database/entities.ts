import { EventEntity, EventParticipantEntity } from '../../graph/event.entity.js';
import { NotificationEntity } from '../../graph/notification.entity.js';
import { OrganizationEntity, OrganizationMemberEntity } from '../../graph/organization.entity.js';
import { ThemeEntity } from '../../graph/theme.entity.js';
import { SchoolEntity } from '../../identity/school.entity.js';
import { UserEntity } from '../../identity/user.entity.js';

export const entities = [
  UserEntity,
  SchoolEntity,
  OrganizationEntity,
  OrganizationMemberEntity,
  ThemeEntity,
  EventEntity,
  EventParticipantEntity,
  NotificationEntity,
];
