// OData query options (gateway/src/odata/): $filter parsed by the OData parsers into one tree and
// evaluated on rows; the other options checked against the entity set; refusals with stable codes.
import { describe, expect, it } from 'vitest';
import { FeedError } from '../src/auth/bi-keys.ts';
import type { EntitySet } from '../src/odata/entity-sets.ts';
import { matches, parseFilter, pinnedValues } from '../src/odata/filter.ts';
import { queryOptions } from '../src/odata/query-options.ts';

const row = { period: '2026', scopeCode: 'BOLOGNA', value: 12, perturbed: true, target: null, startsOn: '2026-03-01', name: "Sant'Agata" };
const keeps = (filter: string) => matches(parseFilter(filter), row);
const set = { name: 'T', properties: Object.keys(row).map((name) => ({ name, type: 'Edm.String', nullable: true })) } as unknown as EntitySet;
const codeOf = (query: string) => {
  try {
    queryOptions(new URLSearchParams(query), set);
    return 'no error';
  } catch (error) {
    return error instanceof FeedError ? `${error.status} ${error.code}` : String(error);
  }
};

describe('$filter', () => {
  it('evaluates eq ne gt ge lt le, and or not, in, contains and friends, null and dates', () => {
    expect(keeps("period eq '2026' and value gt 10")).toBe(true);
    expect(keeps("period eq '2026' and value lt 10")).toBe(false);
    expect(keeps("value ge 12 and value le 12 and scopeCode ne 'ROMAGNA'")).toBe(true);
    expect(keeps("scopeCode in ('ROMAGNA','BOLOGNA') and value gt 5")).toBe(true);
    expect(keeps("scopeCode in ('ROMAGNA')")).toBe(false);
    expect(keeps("contains(name,'Agata') and startswith(tolower(name),'sant') and endswith(name,'ta')")).toBe(true);
    expect(keeps("name eq 'Sant''Agata'")).toBe(true);
    expect(keeps('target eq null and not (perturbed eq false)')).toBe(true);
    expect(keeps('target gt 0 or target lt 0')).toBe(false);
    expect(keeps('startsOn ge 2026-01-01 and startsOn lt 2026-04-01')).toBe(true);
    expect(keeps("(period eq '2025' or period eq '2026') and value gt 1.5")).toBe(true);
  });

  it('says which values a conjunction pins a property to', () => {
    expect(pinnedValues(parseFilter("period eq '2026' and value gt 3"), 'period')).toEqual(['2026']);
    expect(pinnedValues(parseFilter("period in ('2025','2026-Q1')"), 'period')).toEqual(['2025', '2026-Q1']);
    expect(pinnedValues(parseFilter("period eq '2026' or value gt 3"), 'period')).toBeUndefined();
  });
});

describe('query options', () => {
  it('are refused with a stable code', () => {
    expect(codeOf('$filter=value eq')).toBe('400 INVALID_FILTER');
    expect(codeOf("$filter=substring(name,1) eq 'a'")).toBe('400 INVALID_FILTER');
    expect(codeOf('$filter=colour eq 1')).toBe('400 UNKNOWN_PROPERTY');
    expect(codeOf('$top=-1')).toBe('400 INVALID_QUERY_OPTION');
    expect(codeOf('$skip=x')).toBe('400 INVALID_QUERY_OPTION');
    expect(codeOf('$count=maybe')).toBe('400 INVALID_QUERY_OPTION');
    expect(codeOf('$expand=x')).toBe('400 INVALID_QUERY_OPTION');
    expect(codeOf('$orderby=colour desc')).toBe('400 UNKNOWN_PROPERTY');
    expect(codeOf('$select=period,colour')).toBe('400 UNKNOWN_PROPERTY');
  });

  it('are read into select, order, paging and count', () => {
    const options = queryOptions(new URLSearchParams("$select=period,value&$orderby=value desc,period&$top=5&$skip=2&$count=true&$filter=value gt 1"), set);
    expect(options).toMatchObject({ select: ['period', 'value'], orderBy: [{ property: 'value', descending: true }, { property: 'period', descending: false }], top: 5, skip: 2, count: true });
  });
});
