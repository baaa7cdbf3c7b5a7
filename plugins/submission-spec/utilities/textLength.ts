/**
 * Length of a text as a Chinese editor counts 字数: every character counts one (a Chinese
 * character, a letter, a digit, a punctuation mark), whitespace and line breaks count nothing.
 * Counted by code point, so characters outside the BMP count one too.
 */
export const countCharacters = (text: string): number => [...text.replace(/\s+/gu, '')].length
