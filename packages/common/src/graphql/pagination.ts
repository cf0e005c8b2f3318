import { Field, InputType, Int, ObjectType, type ClassType } from "type-graphql";
import { BadUserInputError } from "../errors/errors.js";

/** The page a list field is asked for: 1-based, the same in every subgraph so the input composes. */
@InputType({ description: "Which page of a list: page 1 is the first; at most 100 items a page." })
export class PageInput {
  @Field(() => Int, { defaultValue: 1 })
  page: number = 1;

  @Field(() => Int, { defaultValue: 20 })
  pageSize: number = 20;
}

export const MAX_PAGE_SIZE = 100;

/** Checks a page request and turns it into an offset. */
export function pageOf(input?: PageInput | null): { page: number; pageSize: number; offset: number } {
  const page = input?.page ?? 1;
  const pageSize = input?.pageSize ?? 20;
  if (!Number.isInteger(page) || page < 1) throw new BadUserInputError("page must be 1 or more.", "page.page");
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
    throw new BadUserInputError(`pageSize must be between 1 and ${MAX_PAGE_SIZE}.`, "page.pageSize");
  }
  return { page, pageSize, offset: (page - 1) * pageSize };
}

/** A page of `itemType`, with the total so a client can show "1–20 of 134". */
export function Paginated<T extends object>(itemType: ClassType<T>) {
  @ObjectType()
  abstract class Page {
    @Field(() => [itemType])
    items!: T[];

    @Field(() => Int)
    total!: number;

    @Field(() => Int)
    page!: number;

    @Field(() => Int)
    pageSize!: number;
  }
  return Page;
}
