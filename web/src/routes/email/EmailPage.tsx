import { useQuery } from "@apollo/client/react";
import { Stack, Title } from "@mantine/core";
import { RoutedTabs } from "../../lib/routed-tabs";
import { BulkSendPanel } from "./BulkSendPanel";
import { DeliveryLogPanel } from "./DeliveryLogPanel";
import { MailboxPanel } from "./MailboxPanel";
import { DevMailboxQuery } from "./operations";
import { SendTestPanel } from "./SendTestPanel";
import { TemplatesPanel } from "./TemplatesPanel";

export default function EmailPage() {
  // The mailbox tab is there only while the service catches its own mail (SMTP_URL unset).
  const mailbox = useQuery(DevMailboxQuery, { variables: { page: { page: 1, pageSize: 1 } } });
  const catching = mailbox.data?.devMailbox.enabled === true;
  return (
    <Stack>
      <Title order={2}>Email</Title>
      <RoutedTabs
        base="/email"
        tabs={[
          { value: "templates", label: "Templates", panel: <TemplatesPanel /> },
          { value: "send", label: "Send a test", panel: <SendTestPanel /> },
          { value: "log", label: "Delivery log", panel: <DeliveryLogPanel /> },
          { value: "bulk", label: "Bulk send", panel: <BulkSendPanel /> },
          ...(catching ? [{ value: "mailbox", label: "Dev mailbox", panel: <MailboxPanel /> }] : []),
        ]}
      />
    </Stack>
  );
}
