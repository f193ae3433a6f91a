// The syntax tree of a boolean brand query, as the grammar (query.peggy) builds it. `at` is a
// leaf's offset in the query text, for messages that name the column.

/** A word, or a quoted phrase: its words in a row, whole words (behind the language's prefixes). */
export interface TermNode {
  type: 'term';
  text: string;
  quoted: boolean;
  at: number;
}

/** `delay*`: a word starting with the text. */
export interface PrefixNode {
  type: 'prefix';
  text: string;
  at: number;
}

/** `lang:ar`, `platform:x`, `author:@name` (values lower-case, the author without "@"). */
export interface FieldNode {
  type: 'field';
  field: 'lang' | 'platform' | 'author';
  value: string;
  at: number;
}

/** `rating:1`, `rating:<=2`, `rating:1..2`: stars from `min` to `max`, inclusive. */
export interface RatingNode {
  type: 'rating';
  min: number;
  max: number;
  at: number;
}

export interface OrNode {
  type: 'or';
  items: QueryNode[];
}

export interface AndNode {
  type: 'and';
  items: QueryNode[];
}

export interface NotNode {
  type: 'not';
  item: QueryNode;
}

/** `left NEAR/n right`: at most `distance` words between the two, in either order. */
export interface NearNode {
  type: 'near';
  distance: number;
  left: QueryNode;
  right: QueryNode;
}

export type QueryNode = TermNode | PrefixNode | FieldNode | RatingNode | OrNode | AndNode | NotNode | NearNode;
