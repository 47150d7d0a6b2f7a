#!/usr/bin/env python3
"""Merge a glossary file (same format as corpus/glossary.json) into corpus/glossary.json.

Existing rows keep their order and forms; forms of a row with the same English key are added (union, in order);
new English keys are appended. Usage: python3 scripts/merge-glossary.py OTHER.json [corpus/glossary.json]
"""
import json
import sys

LANGS = ['sh', 'sq', 'mk', 'it']


def main() -> None:
    other_path = sys.argv[1]
    target = sys.argv[2] if len(sys.argv) > 2 else 'corpus/glossary.json'
    with open(target, encoding='utf8') as f:
        base = json.load(f)
    with open(other_path, encoding='utf8') as f:
        other = json.load(f)
    rows = {t['en']: t for t in base['terms']}
    added = extended = 0
    for t in other['terms']:
        row = rows.get(t['en'])
        if row is None:
            row = {'en': t['en'], **{lang: [] for lang in LANGS}}
            base['terms'].append(row)
            rows[t['en']] = row
            added += 1
        for lang in LANGS:
            forms = row.setdefault(lang, [])
            for form in t.get(lang, []):
                if form not in forms:
                    forms.append(form)
                    extended += 1
    lines = ['{', f'  "_about": {json.dumps(base["_about"], ensure_ascii=False)},', '  "terms": [']
    for i, row in enumerate(base['terms']):
        cells = [f'"en": {json.dumps(row["en"], ensure_ascii=False)}'] + [f'"{lang}": {json.dumps(row.get(lang, []), ensure_ascii=False)}' for lang in LANGS]
        lines.append('    { ' + ', '.join(cells) + ' }' + (',' if i < len(base['terms']) - 1 else ''))
    lines += ['  ]', '}', '']
    with open(target, 'w', encoding='utf8') as f:
        f.write('\n'.join(lines))
    print(f'{added} rows added, {extended} forms added, {len(base["terms"])} rows in all')


if __name__ == '__main__':
    main()
