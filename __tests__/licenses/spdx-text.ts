// Licence texts of the SPDX License List (spdx-license-list), for the licence tests.
import { readFileSync } from 'node:fs';

/** A licence text as the SPDX License List ships it, its placeholders filled in. */
export function spdxText(id: string): string {
  const url = new URL(`../../node_modules/spdx-license-list/licenses/${id}.json`, import.meta.url);
  const { licenseText } = JSON.parse(readFileSync(url, 'utf8')) as { licenseText: string };
  return licenseText
    .replace(/Copyright (\(c\) )?<year> <owner>\.?/i, 'Copyright (c) 2019, Ada Lovelace')
    .replace('Copyright (c) <year> <copyright holders>', 'Copyright (c) 2021 Jane Doe')
    .replace('Copyright <YEAR> <COPYRIGHT HOLDER>', 'Copyright 2020 Foo Bar')
    .replace('Copyright (C) YEAR by AUTHOR EMAIL', 'Copyright (C) 2006 by Rob Landley');
}
