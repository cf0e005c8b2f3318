import { graphql } from "../../gql";

export const AutomationFields = graphql(`
  fragment AutomationFields on Automation {
    id
    name
    enabled
    trigger
    conditions
    actions
    lastFiredAt
    createdAt
  }
`);

export const AutomationsQuery = graphql(`
  query Automations {
    automations {
      ...AutomationFields
    }
  }
`);

export const AutomationQuery = graphql(`
  query Automation($id: ID!) {
    automation(id: $id) {
      ...AutomationFields
    }
  }
`);

/** What the editor offers to choose from: devices with their attributes and commands, the hub's modes. */
export const RuleChoicesQuery = graphql(`
  query RuleChoices {
    devices {
      id
      label
      room
      attributes {
        name
        dataType
        values
      }
      commands {
        name
        argTypes
      }
    }
    hub {
      modes {
        id
        name
      }
    }
  }
`);

export const CreateAutomationMutation = graphql(`
  mutation CreateAutomation($input: AutomationInput!) {
    createAutomation(input: $input) {
      ...AutomationFields
    }
  }
`);

export const UpdateAutomationMutation = graphql(`
  mutation UpdateAutomation($id: ID!, $input: AutomationInput!) {
    updateAutomation(id: $id, input: $input) {
      ...AutomationFields
    }
  }
`);

export const SetAutomationEnabledMutation = graphql(`
  mutation SetAutomationEnabled($id: ID!, $enabled: Boolean!) {
    setAutomationEnabled(id: $id, enabled: $enabled) {
      id
      enabled
    }
  }
`);

export const DeleteAutomationMutation = graphql(`
  mutation DeleteAutomation($id: ID!) {
    deleteAutomation(id: $id)
  }
`);
