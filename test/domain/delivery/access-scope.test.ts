import { deliveryScopes, scopedNamespaces } from '../../../domain/delivery/access-scope';
import { configFrom, edit, minimalDocument, variedDocument } from '../../fixtures';

function twoClusters(delivery: unknown) {
  const document = variedDocument({ blue: '1.35', green: '1.34' });
  document.services.auth.repository = 'acme/auth';
  return configFrom(edit(document, 'delivery', delivery));
}

test('no delivery section: no cluster is acted on', () => {
  expect(deliveryScopes(configFrom(minimalDocument()))).toEqual([]);
});

test('each cluster gets the deploy-on-green environments its delivered services run in there, nothing more', () => {
  // auth (delivered) runs production and staging on blue; worker (no repository) runs staging on green.
  expect(deliveryScopes(twoClusters({ deployOnGreen: ['staging', 'production'] }))).toEqual([
    { cluster: 'blue', environments: ['production', 'staging'], previews: false },
  ]);
});

test('the preview cluster gets pr-* even where no environment follows the default branch', () => {
  const scopes = deliveryScopes(twoClusters({ deployOnGreen: ['staging'], previews: { environment: 'staging', cluster: 'green' } }));
  expect(scopes).toEqual([
    { cluster: 'blue', environments: ['staging'], previews: false },
    { cluster: 'green', environments: [], previews: true },
  ]);
  expect(scopes.map(scopedNamespaces)).toEqual([['staging'], ['pr-*']]);
});
