import { graphql } from "../../gql";

// Only what a guest may ask for (docs/access.md): their pass, the devices it opens, their changes.
export const GUEST_HOME = graphql(`
  query GuestHome {
    myGuestPass {
      id
      guestName
      validFrom
      validUntil
      status
    }
    devices {
      ...DeviceFields
    }
  }
`);
