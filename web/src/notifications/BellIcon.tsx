import { useMatches } from "@mantine/core";

/** A phone's header also holds the alarm's badge and "Sign out": a smaller bell leaves them room. */
export function useBellSize(): "md" | "lg" {
  return useMatches({ base: "md", sm: "lg" });
}

/** A bell, drawn in the text's colour (no icon library in the first load). */
export function BellIcon({ size = 20 }: { size?: number }) {
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={2}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden
    >
      <path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
      <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
    </svg>
  );
}
