/**
 * The documents `npm run bench:api` sends, shared by the load (api.ts), the seeding (seed.ts) and
 * the floor server (floor-server.ts), which answers exactly these texts with hand-written SQL.
 */

export const TRIVIAL_QUERY = '{ __typename }';
export const OFFERS_QUERY = '{ offers(first: 20) { edges { node { title organization { name } remainingCapacity themes } } } }';
export const PROPOSALS_QUERY =
  '{ proposals(first: 50) { edges { node { score plan { title } offer { title } participants { score reasons student { displayName stage } } } } } }';
export const ROSTER_QUERY = `mutation($input: [EnrollStudentInput!]!) { enrollStudents(input: $input) { id displayName stage guardianConsent matchable profile { themes } } }`;
/** 13 fields deep, cheap (one item a level): refused under QUERY_MAX_DEPTH=10, served without it */
export const DEEP_QUERY =
  '{ proposals(first: 1) { edges { node { offer { organization { offers(first: 1) { edges { node { organization { offers(first: 1) { edges { node { title } } } } } } } } } } } } }';
