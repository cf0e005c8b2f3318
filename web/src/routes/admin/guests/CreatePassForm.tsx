import { useMutation, useQuery } from "@apollo/client/react";
import { NativeSelect, SimpleGrid, TextInput } from "@mantine/core";
import { useEffect, useRef, useState } from "react";
import { useCheckedForm } from "../../../forms/checked-form";
import { FormCard } from "../../../forms/FormCard";
import type { CreateGuestPassMutation } from "../../../gql/graphql";
import { CREATE_GUEST_PASS, PASS_CHOICES } from "./operations";
import { isLock, OpeningsPicker } from "./OpeningsPicker";
import { deviceKey, draftErrors, newDraft, toPassInput, type Openings, type PassDraft } from "./pass-form";

export type CreatedPass = CreateGuestPassMutation["createGuestPass"];

/** A new pass: who, when, what it opens, maybe a code for a keypad lock. Asks for a step-up first. */
export function CreatePassForm({ onCreated }: { onCreated: (created: CreatedPass) => void }) {
  const { data } = useQuery(PASS_CHOICES);
  const [create] = useMutation(CREATE_GUEST_PASS);
  const [openings, setOpenings] = useState<Openings>({});
  // The form's rules run on submit and blur, outside render: they read the latest choice here.
  const openingsRef = useRef(openings);
  useEffect(() => {
    openingsRef.current = openings;
  }, [openings]);
  const form = useCheckedForm<PassDraft>({
    initialValues: newDraft(),
    validate: (values) => draftErrors(values, openingsRef.current),
  });
  const devices = (data?.devices ?? []).filter((d) => !d.capabilities.includes("PresenceSensor") || d.room);
  const locks = devices.filter((d) => isLock(d) && d.capabilities.includes("LockCodes"));

  const chooseLock = (id: string) => {
    form.setFieldValue("lockDeviceId", id);
    // A code works only on a lock the guest may open: give it Control at once.
    if (id) setOpenings((o) => ({ ...o, [deviceKey(id)]: "CONTROL" }));
  };

  return (
    <FormCard
      title="New guest pass"
      titleId="new-pass-title"
      submitLabel="Create pass"
      form={form}
      onSubmit={form.handleSubmit(async (values) => {
        // STEP_UP_REQUIRED opens "Confirm it's you" (the app's link), then the pass is created.
        const result = await create({ variables: { input: toPassInput(values, openings) } });
        const created = result.data?.createGuestPass;
        if (!created) return;
        onCreated(created);
        setOpenings({});
        form.reset(newDraft());
      })}
    >
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <TextInput label="Guest's name" required {...form.getInputProps("guestName")} />
        <TextInput label="From" type="datetime-local" required {...form.getInputProps("validFrom")} />
        <TextInput label="Until" type="datetime-local" required {...form.getInputProps("validUntil")} />
      </SimpleGrid>
      <OpeningsPicker
        devices={devices}
        openings={openings}
        onChange={(next) => {
          setOpenings(next);
          if (form.errors.access) form.clearFieldError("access");
        }}
        error={typeof form.errors.access === "string" ? form.errors.access : undefined}
      />
      {locks.length > 0 && (
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <NativeSelect
            label="Lock code"
            description="Written to the lock for the pass's time, deleted at its end"
            data={[{ value: "", label: "No code" }, ...locks.map((l) => ({ value: l.id, label: l.label }))]}
            {...form.getInputProps("lockDeviceId")}
            onChange={(e) => chooseLock(e.currentTarget.value)}
          />
          {form.values.lockDeviceId && (
            <>
              <TextInput
                label="Code"
                description="4 to 8 digits"
                inputMode="numeric"
                autoComplete="off"
                required
                {...form.getInputProps("lockCode")}
              />
              <TextInput
                label="Name on the lock"
                description="Unlocks show it"
                placeholder={form.values.guestName.trim() || "The guest's name"}
                {...form.getInputProps("lockName")}
              />
            </>
          )}
        </SimpleGrid>
      )}
    </FormCard>
  );
}
