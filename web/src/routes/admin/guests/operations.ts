import { graphql } from "../../../gql";

export const GUEST_PASS_FIELDS = graphql(`
  fragment GuestPassFields on GuestPass {
    id
    guestName
    validFrom
    validUntil
    status
    endedAt
    createdAt
    redemptions
    firstRedeemedAt
    lastRedeemedAt
    homeAccessRemoved
    rooms {
      room
      level
    }
    devices {
      deviceId
      level
    }
    lockCode {
      deviceId
      name
    }
    createdBy {
      id
      displayName
    }
    endedBy {
      id
      displayName
    }
  }
`);

export const GUEST_PASSES = graphql(`
  query GuestPasses($includeEnded: Boolean!) {
    guestPasses(includeEnded: $includeEnded) {
      ...GuestPassFields
    }
  }
`);

/** What a pass may open: the household's rooms and their devices (locks for a code). */
export const PASS_CHOICES = graphql(`
  query GuestPassChoices {
    devices {
      id
      label
      room
      capabilities
    }
  }
`);

export const CREATE_GUEST_PASS = graphql(`
  mutation CreateGuestPass($input: CreateGuestPassInput!) {
    createGuestPass(input: $input) {
      link
      pass {
        ...GuestPassFields
      }
    }
  }
`);

export const END_GUEST_PASS = graphql(`
  mutation EndGuestPass($id: ID!) {
    endGuestPass(id: $id) {
      ...GuestPassFields
    }
  }
`);
