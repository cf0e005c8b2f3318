import { graphql } from "../../gql";

export const EmailTemplateFields = graphql(`
  fragment EmailTemplateFields on EmailTemplate {
    id
    key
    name
    kind
    subject
    html
    text
    builtIn
    updatedAt
  }
`);

export const BulkRunFields = graphql(`
  fragment BulkRunFields on BulkEmailRun {
    id
    total
    queued
    sent
    failed
    suppressed
    done
  }
`);

export const EmailTemplatesQuery = graphql(`
  query EmailTemplates {
    emailTemplates {
      ...EmailTemplateFields
    }
  }
`);

export const PreviewEmailDraftQuery = graphql(`
  query PreviewEmailDraft($draft: EmailDraftInput!, $variables: JSONObject) {
    previewEmailDraft(draft: $draft, variables: $variables) {
      subject
      text
      html
    }
  }
`);

export const CreateEmailTemplateMutation = graphql(`
  mutation CreateEmailTemplate($input: CreateEmailTemplateInput!) {
    createEmailTemplate(input: $input) {
      ...EmailTemplateFields
    }
  }
`);

export const UpdateEmailTemplateMutation = graphql(`
  mutation UpdateEmailTemplate($key: String!, $input: UpdateEmailTemplateInput!) {
    updateEmailTemplate(key: $key, input: $input) {
      ...EmailTemplateFields
    }
  }
`);

export const SendEmailMutation = graphql(`
  mutation SendTestEmail($input: SendEmailInput!) {
    sendEmail(input: $input) {
      id
      recipient
      subject
      status
    }
  }
`);

export const EmailLogsQuery = graphql(`
  query EmailLogs($filter: EmailLogFilter, $page: PageInput) {
    emailLogs(filter: $filter, page: $page) {
      items {
        id
        recipient
        subject
        status
        kind
        attempts
        lastError
        templateKey
        bulkRunId
        createdAt
        sentAt
      }
      total
      page
      pageSize
    }
  }
`);

export const SendBulkEmailMutation = graphql(`
  mutation SendBulkEmail($input: SendBulkEmailInput!) {
    sendBulkEmail(input: $input) {
      ...BulkRunFields
    }
  }
`);

export const BulkEmailRunQuery = graphql(`
  query BulkEmailRun($id: ID!) {
    bulkEmailRun(id: $id) {
      ...BulkRunFields
    }
  }
`);

export const BulkEmailProgressSubscription = graphql(`
  subscription BulkEmailProgress($runId: ID!) {
    bulkEmailProgress(runId: $runId) {
      ...BulkRunFields
    }
  }
`);

export const DevMailboxQuery = graphql(`
  query DevMailbox($page: PageInput) {
    devMailbox(page: $page) {
      enabled
      total
      items {
        id
        receivedAt
        envelopeTo
        fromHeader
        subject
        size
      }
    }
  }
`);

export const DevMailboxMessageQuery = graphql(`
  query DevMailboxMessage($id: ID!) {
    devMailboxMessage(id: $id) {
      id
      receivedAt
      envelopeFrom
      envelopeTo
      fromHeader
      toHeader
      subject
      text
      html
    }
  }
`);
