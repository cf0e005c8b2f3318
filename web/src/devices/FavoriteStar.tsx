import { useMutation } from "@apollo/client/react";
import { ActionIcon } from "@mantine/core";
import { useMutationFeedback } from "../forms/feedback";
import type { Device } from "./model";
import { SET_FAVORITE_DEVICE } from "./operations";

/** Stars a device for the signed-in person: it then shows first on their dashboard, on any browser. */
export function FavoriteStar({ device }: { device: Device }) {
  const { run } = useMutationFeedback();
  const [setFavorite] = useMutation(SET_FAVORITE_DEVICE);
  const favorite = device.favorite;
  const label = favorite ? `Remove ${device.label} from favourites` : `Add ${device.label} to favourites`;
  const toggle = () =>
    run(
      () =>
        setFavorite({
          variables: { id: device.id, favorite: !favorite },
          optimisticResponse: { __typename: "Mutation", setFavoriteDevice: { ...device, favorite: !favorite } },
        }),
      {
        loading: favorite ? "Removing from favourites…" : "Adding to favourites…",
        success: favorite ? `${device.label} is no longer a favourite.` : `${device.label} is a favourite.`,
      },
    );
  return (
    <ActionIcon
      variant="subtle"
      color={favorite ? "yellow" : "gray"}
      size="md"
      aria-label={label}
      aria-pressed={favorite}
      title={label}
      onClick={() => void toggle()}
      data-testid={`favorite-${device.id}`}
    >
      <span aria-hidden style={{ fontSize: 18, lineHeight: 1 }}>
        {favorite ? "★" : "☆"}
      </span>
    </ActionIcon>
  );
}
