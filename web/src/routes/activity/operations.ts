import { graphql } from "../../gql";

export const ACTIVITY_ENTRY_FIELDS = graphql(`
  fragment ActivityEntryFields on ActivityEntry {
    id
    at
    kind
    summary
    deviceId
    room
    actor {
      id
      displayName
    }
  }
`);

export const ACTIVITY = graphql(`
  query Activity($first: Int, $after: String, $filter: ActivityFilter) {
    activity(first: $first, after: $after, filter: $filter) {
      items {
        ...ActivityEntryFields
      }
      endCursor
      hasMore
    }
  }
`);

export const ACTIVITY_ADDED = graphql(`
  subscription ActivityAdded($filter: ActivityFilter) {
    activityAdded(filter: $filter) {
      ...ActivityEntryFields
    }
  }
`);

export const ACTIVITY_ROOMS = graphql(`
  query ActivityRooms {
    rooms {
      name
    }
  }
`);
