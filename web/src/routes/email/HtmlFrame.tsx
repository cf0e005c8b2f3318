import { Box } from "@mantine/core";

/** A mail's HTML, shown as mail clients show it: no scripts, no same origin, so it cannot touch the app. */
export function HtmlFrame({ html, title, height }: { html: string; title: string; height: number }) {
  return (
    <Box
      component="iframe"
      title={title}
      sandbox=""
      srcDoc={html}
      w="100%"
      h={height}
      style={{ border: "1px solid var(--mantine-color-default-border)", background: "white" }}
    />
  );
}
