/** The editor's address: #/editor (the queue) and #/editor?unit=&year= (a report), and its API paths. */
import { describe, expect, it } from 'vitest';
import { EDITOR_ROUTES } from '../../src/server/editor-paths';
import { openApiPath } from '../../src/server/openapi';
import { parseHash } from '../../web/src/lib/router';

describe('the editor route', () => {
  it('parses #/editor with and without a unit and year', () => {
    expect(parseHash('#/editor')).toMatchObject({ page: 'editor' });
    const r = parseHash('#/editor?unit=7&year=2024');
    expect(r.page).toBe('editor');
    expect(r.params.get('unit')).toBe('7');
    expect(r.params.get('year')).toBe('2024');
    expect(parseHash('#/editors')).toMatchObject({ page: 'notFound' });
  });

  it('builds the paths the server registers', () => {
    expect(EDITOR_ROUTES.open.path(7, 2024)).toBe('/api/units/7/editor/2024');
    expect(EDITOR_ROUTES.render.path(7, 2024, 'docx')).toBe('/api/units/7/editor/2024/report/docx');
    expect(EDITOR_ROUTES.queue.path('submitted,returned')).toBe('/api/editor/queue?status=submitted%2Creturned');
    for (const r of Object.values(EDITOR_ROUTES)) expect(openApiPath(r.pattern)).not.toMatch(/[:{][^}]*\{/);
    expect(openApiPath(EDITOR_ROUTES.attachment.pattern)).toBe('/api/units/{id}/editor/{year}/events/{event}/attachment');
  });
});
