import { Paginated } from "@homegraph/common";
import { Field, InputType, ObjectType } from "type-graphql";
import { Notification } from "../entities/notification.entity.js";
import { NotificationChannel, NotificationKind } from "../entities/notification-enums.js";

@ObjectType({ description: "One page of your notifications, newest first." })
export class NotificationPage extends Paginated(Notification) {}

@ObjectType({ description: "Where one kind of notification reaches you." })
export class NotificationRoute {
  @Field(() => NotificationKind)
  kind!: NotificationKind;

  @Field(() => [NotificationChannel])
  channels!: NotificationChannel[];
}

@ObjectType({
  description:
    "Hours in your time zone when only SECURITY and ALARM notifications go out on push and mail; the rest wait in the inbox and a summary follows.",
})
export class QuietHours {
  @Field(() => Boolean)
  enabled!: boolean;

  @Field(() => String, { description: 'Start, "HH:MM" on your clock, e.g. "22:00".' })
  start!: string;

  @Field(() => String, { description: 'End, "HH:MM"; before start means the next morning.' })
  end!: string;

  @Field(() => String, { description: "IANA time zone, e.g. Europe/Paris." })
  timeZone!: string;
}

@InputType({ description: "Quiet hours: the same four fields as QuietHours." })
export class QuietHoursInput {
  @Field(() => Boolean)
  enabled!: boolean;

  @Field(() => String)
  start!: string;

  @Field(() => String)
  end!: string;

  @Field(() => String)
  timeZone!: string;
}

@ObjectType({ description: "Your notification routing and quiet hours." })
export class NotificationSettings {
  @Field(() => [NotificationRoute])
  routes!: NotificationRoute[];

  @Field(() => QuietHours)
  quietHours!: QuietHours;
}

@InputType({ description: "A browser's push subscription, as PushSubscription.toJSON() gives it." })
export class AddPushSubscriptionInput {
  @Field(() => String, { description: "The push service URL (https)." })
  endpoint!: string;

  @Field(() => String, { description: "keys.p256dh: the browser's P-256 public key, base64url." })
  p256dh!: string;

  @Field(() => String, { description: "keys.auth: the 16-byte authentication secret, base64url." })
  auth!: string;

  @Field(() => String, { nullable: true, description: "To tell your browsers apart in the list." })
  userAgent?: string | null;
}
