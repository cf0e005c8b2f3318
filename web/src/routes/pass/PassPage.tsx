import { Alert, Center, Loader, Stack, Text } from "@mantine/core";
import { useEffect, useRef, useState } from "react";
import { useNavigate, useParams } from "react-router";
import { errorInfo, retryText } from "../../forms/errors";
import { LiveHereSignIn } from "../../layout/PassEnded";
import { at } from "../../lib/time";
import { ApiError } from "../../session/auth-api";
import { useSession, useSessionStore } from "../../session/SessionContext";

interface Refusal {
  title: string;
  text: string;
}

/** The gateway's refusals of a pass's link, in words for the guest holding it. */
export function refusalOf(error: unknown): Refusal {
  if (error instanceof ApiError) {
    if (error.code === "PASS_NOT_YET") {
      const from = typeof error.details.validFrom === "string" ? error.details.validFrom : undefined;
      return {
        title: "This guest pass has not started yet",
        text: from
          ? `It opens ${at(from)}. Come back then, with the same link.`
          : "Come back later, with the same link.",
      };
    }
    if (error.code === "PASS_ENDED") {
      return {
        title: "This guest pass has ended",
        text: "Its time is up, or the household ended it. Ask them for a new link if you need one.",
      };
    }
    if (error.code === "RATE_LIMITED") {
      const wait = error.retryAfterSeconds ? ` Try again in ${retryText(error.retryAfterSeconds)}.` : "";
      return { title: "Too many tries", text: `Too many links were tried from here.${wait}` };
    }
    if (error.status === 401) {
      return {
        title: "This link is not valid",
        text: "Check that the whole link was copied, or ask the household for a new one.",
      };
    }
  }
  return { title: "The pass could not be opened", text: errorInfo(error).message };
}

/**
 * A guest pass's link (`/pass/<secret>`): exchanged for a session of its guest, then the secret
 * leaves the address bar (and so the history) and the guest's dashboard opens.
 */
export default function PassPage() {
  const { token = "" } = useParams();
  const session = useSession();
  const store = useSessionStore();
  const navigate = useNavigate();
  const [refusal, setRefusal] = useState<Refusal>();
  const started = useRef(false);
  // A reload's session restore goes first: its answer must not undo the pass's new session.
  const ready = session.status !== "restoring";

  useEffect(() => {
    if (!ready || started.current) return;
    started.current = true;
    window.history.replaceState(window.history.state, "", "/pass");
    store.redeemPass(token).then(
      () => navigate("/", { replace: true }),
      (err: unknown) => setRefusal(refusalOf(err)),
    );
  }, [ready, token, store, navigate]);

  if (refusal) {
    return (
      <Stack data-testid="pass-refused">
        <Alert color="orange" title={refusal.title}>
          {refusal.text}
        </Alert>
        <LiveHereSignIn />
      </Stack>
    );
  }
  return (
    <Center py="xl">
      <Stack align="center" gap="xs">
        <Loader aria-label="Opening your guest pass" />
        <Text size="sm">Opening your guest pass…</Text>
      </Stack>
    </Center>
  );
}
