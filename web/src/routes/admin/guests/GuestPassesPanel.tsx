import { Stack } from "@mantine/core";
import { useState } from "react";
import { useApolloClient } from "@apollo/client/react";
import { CreatePassForm, type CreatedPass } from "./CreatePassForm";
import { PassHistory } from "./PassHistory";
import { PassLinkCard } from "./PassLinkCard";

/** Guest passes (/admin/guests): create one (its link and QR shown once), and every pass's history. */
export function GuestPassesPanel() {
  const [created, setCreated] = useState<CreatedPass>();
  const client = useApolloClient();
  return (
    <Stack>
      {created && <PassLinkCard created={created} onClose={() => setCreated(undefined)} />}
      <CreatePassForm
        onCreated={(pass) => {
          setCreated(pass);
          window.scrollTo?.({ top: 0, behavior: "smooth" });
          void client.refetchQueries({ include: ["GuestPasses"] });
        }}
      />
      <PassHistory />
    </Stack>
  );
}
