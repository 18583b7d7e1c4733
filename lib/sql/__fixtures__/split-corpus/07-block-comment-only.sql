/*
  A block comment; it has a semicolon, an apostrophe (it's) and "quotes".
*/
