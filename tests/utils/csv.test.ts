import { expect, test } from 'vitest'
import { csvCell, csvDocument } from '#app/utils/csv.ts'

test('plain cells stay as they are; separators and quotes are quoted', () => {
	expect(csvCell('SR-1001')).toBe('SR-1001')
	expect(csvCell('Okafor, Amira')).toBe('"Okafor, Amira"')
	expect(csvCell('said "no"')).toBe('"said ""no"""')
})

test('a cell a spreadsheet would run as a formula is defused', () => {
	for (const lead of ['=', '+', '-', '@', '\t', '\r']) expect(csvCell(`${lead}HYPERLINK("x")`)).toBe(`"'${lead}HYPERLINK(""x"")"`)
})

test('documents end every line with CRLF', () => {
	expect(csvDocument(['a', 'b'], [['1', '2']])).toBe('a,b\r\n1,2\r\n')
})
