/** Text as a sentence for running prose: ends with a full stop unless it already ends a sentence. */
export const asSentence = (text: string) => (/[.!?]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`)
