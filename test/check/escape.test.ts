/**
 * Escaping in the JUnit and GitHub formats, on reports holding every
 * character that means something to XML or to a workflow command.
 */
import {XMLParser, XMLValidator} from 'fast-xml-parser'
import {describe, expect, it} from 'vitest'

import type {CheckReport} from '../../src/check/check.js'
import {escapeData, escapeProperty, renderGithub} from '../../src/check/format/github.js'
import {renderJunit, xmlAttr, xmlText} from '../../src/check/format/junit.js'

const NASTY = 'a & b < c > d "e" \'f\' ]]> 100% x,y: z\r\nnext\tline'

function report(message: string, subject = 'f,1:2'): CheckReport {
  return {
    format: 'kosh-check/1', ok: false, exitCode: 1, strict: false, inventory: 'inventory', checked: ['R4'],
    summary: {failed: 1, warnings: 0, waived: 0},
    results: [{rule: 'R4', subject, status: 'fail', message, file: 'inventory/flows.csv', line: 7}],
  }
}

describe('XML escaping', () => {
  it('text and attributes escape markup; line breaks and tabs in attributes become references', () => {
    expect(xmlText('a & b < c > d')).toBe('a &amp; b &lt; c &gt; d')
    expect(xmlAttr('"q" \'s\'\n\t\r')).toBe('&quot;q&quot; &apos;s&apos;&#10;&#9;&#13;')
  })

  it('characters XML 1.0 cannot hold become U+FFFD, so the document stays well-formed', () => {
    expect(xmlText('bell\u0007 nul\u0000 lone\uD800 ok\u{1F600}')).toBe('bell\uFFFD nul\uFFFD lone\uFFFD ok\u{1F600}')
  })

  it('a message and subject full of markup round-trip through a real XML parser', () => {
    const xml = renderJunit(report(NASTY + '\u0001', NASTY))
    expect(XMLValidator.validate(xml)).toBe(true)
    const parsed = new XMLParser({ignoreAttributes: false, attributeNamePrefix: '', parseTagValue: false, parseAttributeValue: false, trimValues: false, htmlEntities: true}).parse(xml)
    const testcase = parsed.testsuites.testsuite.testcase
    expect(testcase.name).toBe(NASTY)
    expect(testcase.failure.message).toBe('a & b < c > d "e" \'f\' ]]> 100% x,y: z\r')
    expect(testcase.failure['#text']).toBe(`inventory/flows.csv:7: ${NASTY}\uFFFD`)
  })
})

describe('workflow-command escaping', () => {
  it('the message escapes %, CR and LF; properties also , and :', () => {
    expect(escapeData('100% done\r\nnext: a,b')).toBe('100%25 done%0D%0Anext: a,b')
    expect(escapeProperty('100% done\r\nnext: a,b')).toBe('100%25 done%0D%0Anext%3A a%2Cb')
  })

  it('a result is one line, whatever its message holds', () => {
    const [line, verdict] = renderGithub(report(NASTY)).trimEnd().split('\n')
    expect(line).toBe('::error file=inventory/flows.csv,line=7,title=R4 f%2C1%3A2::a & b < c > d "e" \'f\' ]]> 100%25 x,y: z%0D%0Anext\tline')
    expect(verdict).toMatch(/^kosh check: failed/)
  })
})
