import { Button, Group, Paper, Stack, Title } from "@mantine/core";
import type { FormEvent, ReactNode } from "react";
import { FormError } from "../forms/FormError";

export interface FormCardProps {
  title: string;
  /** The heading's id, which names the form for screen readers. */
  titleId: string;
  onSubmit: (event?: FormEvent) => unknown;
  submitLabel: string;
  submitting: boolean;
  /** The error no field owns (useForm's formError). */
  error?: string;
  maw?: number;
  children: ReactNode;
}

/** A titled form in a card: fields, then the form's own error, then its submit button. */
export function FormCard({ title, titleId, onSubmit, submitLabel, submitting, error, maw, children }: FormCardProps) {
  return (
    <Paper
      withBorder
      p="md"
      component="form"
      noValidate
      aria-labelledby={titleId}
      onSubmit={(event: FormEvent) => void onSubmit(event)}
    >
      <Stack gap="sm" maw={maw}>
        <Title order={3} size="h4" id={titleId}>
          {title}
        </Title>
        {children}
        <FormError message={error} />
        <Group justify="flex-end">
          <Button type="submit" loading={submitting}>
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
