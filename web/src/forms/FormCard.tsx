import { Button, Group, Paper, Stack, Title } from "@mantine/core";
import { useId, type FormEvent, type ReactNode } from "react";
import { FormError } from "./FormError";

export interface FormCardProps {
  title: string;
  /** "screen": the only form of a signed-out screen; "panel" (default): one form among others. */
  level?: "screen" | "panel";
  /** The heading's id, which names the form for screen readers (generated when absent). */
  titleId?: string;
  onSubmit: (event: FormEvent<HTMLFormElement>) => void;
  /** With a label, the card ends with the form's own error and this submit button. */
  submitLabel?: string;
  /** The form whose formError (the error no field owns) and submitting state the card shows. */
  form?: { submitting: boolean; formError?: string };
  maw?: number;
  children: ReactNode;
}

/** A titled form in a card, the title also labelling it: fields, then maybe its error and button. */
export function FormCard({
  title,
  level = "panel",
  titleId,
  onSubmit,
  submitLabel,
  form,
  maw,
  children,
}: FormCardProps) {
  const generatedId = useId();
  const id = titleId ?? generatedId;
  const screen = level === "screen";
  return (
    <Paper withBorder p={screen ? "lg" : "md"} component="form" noValidate aria-labelledby={id} onSubmit={onSubmit}>
      <Stack gap={screen ? undefined : "sm"} maw={maw}>
        <Title order={screen ? 2 : 3} size={screen ? "h3" : "h4"} id={id}>
          {title}
        </Title>
        {children}
        {submitLabel && (
          <>
            <FormError message={form?.formError} />
            <Group justify="flex-end">
              <Button type="submit" loading={form?.submitting}>
                {submitLabel}
              </Button>
            </Group>
          </>
        )}
      </Stack>
    </Paper>
  );
}
