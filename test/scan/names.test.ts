import {describe, expect, it} from 'vitest'

import {columnNameHints, normalizeName, tableContext, tokenize, type NameHint} from '../../src/scan/detectors/names.js'

const hintIds = (column: string, table = 'records', schema = 'public'): string[] =>
  columnNameHints(column, tableContext(schema, table)).map((hint) => hint.hint)

const only = (column: string, table = 'records'): NameHint | undefined => {
  const hints = columnNameHints(column, tableContext('public', table))
  expect(hints.length, column).toBeLessThanOrEqual(1)
  return hints[0]
}

describe('tokenize', () => {
  it('splits snake, kebab, camel and Pascal case, spaces and letter/digit boundaries', () => {
    expect(tokenize('date_of_birth')).toEqual(['date', 'of', 'birth'])
    expect(tokenize('birthDate')).toEqual(['birth', 'date'])
    expect(tokenize('clientIIN')).toEqual(['client', 'iin'])
    expect(tokenize('IINNumber')).toEqual(['iin', 'number'])
    expect(tokenize('e-mail')).toEqual(['e', 'mail'])
    expect(tokenize('icd10_code')).toEqual(['icd', '10', 'code'])
    expect(tokenize('Address 2')).toEqual(['address', '2'])
    expect(tokenize('ДатаРождения')).toEqual(['дата', 'рождения'])
    expect(tokenize('аты-жөні')).toEqual(['аты', 'жөні'])
    expect(tokenize('"Счёт клиента"')).toEqual(['счет', 'клиента'])
    expect(tokenize('')).toEqual([])
    expect(tokenize('__')).toEqual([])
  })

  it('reads ё as е and ignores case', () => {
    expect(normalizeName('СЧЁТ')).toBe('счет')
    expect(hintIds('Счёт')).toEqual(['account'])
    expect(hintIds('СЧЕТ')).toEqual(['account'])
  })
})

describe('column name hints', () => {
  it('recognises identifiers in three languages', () => {
    for (const column of ['iin', 'IIN', 'client_iin', 'clientIIN', 'ИИН', 'иин_клиента', 'жсн', 'ЖСН', 'рнн']) {
      expect(hintIds(column), column).toEqual(['iin'])
    }
    expect(only('iin')).toEqual({hint: 'iin', term: 'iin', classes: ['personal']})
    expect(only('ЖСН')).toEqual({hint: 'iin', term: 'жсн', classes: ['personal']})
  })

  it('reports a BIN hint without a class, beside an IIN hint when the column holds either', () => {
    expect(only('bin')).toEqual({hint: 'bin', term: 'bin', classes: []})
    expect(hintIds('iin_bin')).toEqual(['iin', 'bin'])
    expect(hintIds('БИН/ИИН')).toEqual(['iin', 'bin'])
  })

  it('maps each kind of hint to its class', () => {
    const cases: Array<[string, string, string[]]> = [
      ['diagnosis', 'health', ['health']],
      ['диагноз_коды', 'health', ['health']],
      ['Диагнозы', 'health', ['health']],
      ['мкб10', 'health', ['health']],
      ['icd10_code', 'health', ['health']],
      ['здоровье', 'health', ['health']],
      ['денсаулығы', 'health', ['health']],
      ['blood_type', 'health', ['health']],
      ['группа_крови', 'health', ['health']],
      ['account_number', 'account', ['bank_secret']],
      ['счет', 'account', ['bank_secret']],
      ['расчетный_счет', 'account', ['bank_secret']],
      ['шот_нөмірі', 'account', ['bank_secret']],
      ['шоттары', 'account', ['bank_secret']],
      ['card_number', 'card', ['bank_secret']],
      ['cardNumber', 'card', ['bank_secret']],
      ['номер_карты', 'card', ['bank_secret']],
      ['картасы', 'card', ['bank_secret']],
      ['pan', 'card', ['bank_secret']],
      ['balance', 'balance', ['bank_secret']],
      ['остаток', 'balance', ['bank_secret']],
      ['phone', 'phone', ['personal']],
      ['mobile_phone', 'phone', ['personal']],
      ['телефон', 'phone', ['personal']],
      ['Мобильный', 'phone', ['personal']],
      ['ұялы_телефоны', 'phone', ['personal']],
      ['email', 'email', ['personal']],
      ['e-mail', 'email', ['personal']],
      ['E_MAIL', 'email', ['personal']],
      ['электронная_почта', 'email', ['personal']],
      ['address', 'address', ['personal']],
      ['home_addresses', 'address', ['personal']],
      ['адрес_проживания', 'address', ['personal']],
      ['мекенжай', 'address', ['personal']],
      ['мекен-жай', 'address', ['personal']],
      ['birth_date', 'birth', ['personal']],
      ['dateOfBirth', 'birth', ['personal']],
      ['дата_рождения', 'birth', ['personal']],
      ['туған_күні', 'birth', ['personal']],
      ['dob', 'birth', ['personal']],
      ['passport_no', 'passport', ['personal']],
      ['паспорт', 'passport', ['personal']],
      ['жеке_куәлігі', 'passport', ['personal']],
      ['ФИО', 'person-name', ['personal']],
      ['аты-жөні', 'person-name', ['personal']],
      ['first_name', 'person-name', ['personal']],
      ['LastName', 'person-name', ['personal']],
      ['фамилия', 'person-name', ['personal']],
      ['salary', 'salary', ['personal']],
      ['зарплата', 'salary', ['personal']],
      ['жалақысы', 'salary', ['personal']],
    ]
    for (const [column, hint, classes] of cases) {
      const found = only(column)
      expect(found?.hint, column).toBe(hint)
      expect(found?.classes, column).toEqual(classes)
    }
  })

  it('matches whole tokens, never substrings', () => {
    for (const column of ['cardinality', 'discard', 'scorecard', 'wildcard', 'accountable', 'accounting', 'счетчик', 'картофель', 'картина', 'phoneme', 'addressee', 'binary', 'inner', 'кровля', 'telegram', 'mobility', 'emailer_queue', 'nameplate']) {
      expect(hintIds(column), column).toEqual([])
    }
  })

  it('lets a token that changes the meaning cancel the hint', () => {
    for (const column of ['ip_address', 'mac_address', 'server_address', 'sim_card', 'id_card', 'report_card', 'user_account', 'service_account', 'health_check', 'load_balance', 'mobile_app_version', 'счет_фактура']) {
      expect(hintIds(column), column).toEqual([])
    }
  })

  it('reports a key or an attribute of the data without a class', () => {
    expect(only('address_id')).toEqual({hint: 'address', term: 'address', classes: [], qualifier: 'reference'})
    expect(only('account_uuid')?.qualifier).toBe('reference')
    expect(only('card_type')).toEqual({hint: 'card', term: 'card', classes: [], qualifier: 'attribute'})
    expect(only('phone_verified')?.qualifier).toBe('attribute')
    expect(only('is_phone_confirmed')?.qualifier).toBe('attribute')
    expect(only('has_passport')?.qualifier).toBe('attribute')
    // Russian puts the head noun first: "type of account", "status of card", "id of address".
    expect(only('тип_счета')).toEqual({hint: 'account', term: 'счет', classes: [], qualifier: 'attribute'})
    expect(only('статус_карты')?.qualifier).toBe('attribute')
    expect(only('ид_адреса')?.qualifier).toBe('reference')
    expect(only('номер_счета')).toEqual({hint: 'account', term: 'счет', classes: ['bank_secret']})
    expect(only('шот_түрі')?.qualifier).toBe('attribute')
  })

  it('keeps health hints sensitive even as a key or attribute (a diagnosis id or an HIV status still speaks of health)', () => {
    expect(only('diagnosis_id')).toEqual({hint: 'health', term: 'diagnosis', classes: ['health']})
    expect(only('hiv_status')).toEqual({hint: 'health', term: 'hiv', classes: ['health']})
  })

  it('finds nothing in ordinary names', () => {
    for (const column of ['id', 'created_at', 'updated_by', 'product_code', 'amount', 'status', 'code', 'qty', 'description']) {
      expect(hintIds(column), column).toEqual([])
    }
  })
})

describe('a bare name', () => {
  it('is a person\'s name when the rest of the column name is about a person', () => {
    expect(only('client_name')).toEqual({hint: 'person-name', term: 'name', classes: ['personal']})
    expect(only('name_of_patient')?.hint).toBe('person-name')
    expect(only('имя_пользователя')?.hint).toBe('person-name')
    expect(only('клиент_аты')?.hint).toBe('person-name')
  })

  it('is a person\'s name in a table about people, and says which table hint made it count', () => {
    const hint = only('name', 'clients')
    expect(hint).toEqual({hint: 'person-name', term: 'name', classes: ['personal'], context: {hint: 'person', term: 'client', classes: []}})
    expect(only('Имя', 'пациенты')?.hint).toBe('person-name')
    expect(only('аты', 'клиенттер')?.hint).toBe('person-name')
  })

  it('is not a person\'s name otherwise', () => {
    expect(only('name', 'products')).toBeUndefined()
    expect(only('name')).toBeUndefined()
    expect(only('product_name', 'clients')).toBeUndefined()
    expect(only('file_name', 'clients')).toBeUndefined()
    expect(only('тауар_аты', 'клиенттер')).toBeUndefined()
    expect(only('имя_файла', 'пользователи')).toBeUndefined()
  })
})

describe('table context', () => {
  it('finds health context in table and schema names, in three languages', () => {
    expect(tableContext('public', 'patients').health?.term).toBe('patient')
    expect(tableContext('public', 'diagnoses').health?.term).toBe('diagnoses')
    expect(tableContext('public', 'пациенты').health?.term).toBe('пациент')
    expect(tableContext('public', 'науқастар').health?.term).toBe('науқас')
    expect(tableContext('clinic', 'records').health?.term).toBe('clinic')
    expect(tableContext('public', 'orders').health).toBeUndefined()
    expect(tableContext('ops', 'health_checks').health).toBeUndefined()
  })

  it('finds person context', () => {
    expect(tableContext('public', 'customers').person?.term).toBe('customer')
    expect(tableContext('crm', 'contacts').person?.term).toBe('contact')
    expect(tableContext('public', 'сотрудники').person?.term).toBe('сотрудник')
    expect(tableContext('public', 'products').person).toBeUndefined()
  })

  it('never classifies a column by itself', () => {
    expect(columnNameHints('created_at', tableContext('public', 'patients'))).toEqual([])
  })
})
