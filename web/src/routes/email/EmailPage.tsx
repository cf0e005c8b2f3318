import { useQuery } from "@apollo/client/react";
import { Stack, Tabs, Title } from "@mantine/core";
import { useNavigate, useParams } from "react-router";
import { BulkSendPanel } from "./BulkSendPanel";
import { DeliveryLogPanel } from "./DeliveryLogPanel";
import { MailboxPanel } from "./MailboxPanel";
import { DevMailboxQuery } from "./operations";
import { SendTestPanel } from "./SendTestPanel";
import { TemplatesPanel } from "./TemplatesPanel";

const TABS = ["templates", "send", "log", "bulk", "mailbox"];

export default function EmailPage() {
  // Each tab has its own address (/email/log), so it can be linked to and reloaded.
  const navigate = useNavigate();
  const rest = useParams()["*"] ?? "";
  const tab = TABS.includes(rest) ? rest : "templates";
  // The mailbox tab is there only while the service catches its own mail (SMTP_URL unset).
  const mailbox = useQuery(DevMailboxQuery, { variables: { page: { page: 1, pageSize: 1 } } });
  const catching = mailbox.data?.devMailbox.enabled === true;
  return (
    <Stack>
      <Title order={2}>Email</Title>
      <Tabs value={tab} onChange={(v) => v && navigate(`/email/${v}`)} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="templates">Templates</Tabs.Tab>
          <Tabs.Tab value="send">Send a test</Tabs.Tab>
          <Tabs.Tab value="log">Delivery log</Tabs.Tab>
          <Tabs.Tab value="bulk">Bulk send</Tabs.Tab>
          {catching && <Tabs.Tab value="mailbox">Dev mailbox</Tabs.Tab>}
        </Tabs.List>
        <Tabs.Panel value="templates" pt="md">
          <TemplatesPanel />
        </Tabs.Panel>
        <Tabs.Panel value="send" pt="md">
          <SendTestPanel />
        </Tabs.Panel>
        <Tabs.Panel value="log" pt="md">
          <DeliveryLogPanel />
        </Tabs.Panel>
        <Tabs.Panel value="bulk" pt="md">
          <BulkSendPanel />
        </Tabs.Panel>
        {catching && (
          <Tabs.Panel value="mailbox" pt="md">
            <MailboxPanel />
          </Tabs.Panel>
        )}
      </Tabs>
    </Stack>
  );
}
