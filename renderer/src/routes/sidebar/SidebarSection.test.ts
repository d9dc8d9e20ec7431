import { describe, expect, it } from 'vitest';
import { render, screen, within } from '@testing-library/svelte';
import { createRawSnippet } from 'svelte';
import SidebarSection from './SidebarSection.svelte';
import '../../test-support.ts';

describe('sidebar section header', () => {
  it('gives a long title the whole text as a tooltip', () => {
    const title = 'Buckets · Peer s3rver on the build machine in the basement';
    render(SidebarSection, { props: { title, testid: 'section', children: createRawSnippet(() => ({ render: () => '<p>body</p>' })) } });
    const toggle = within(screen.getByTestId('section')).getByRole('button', { name: title });
    expect(toggle).toHaveAttribute('title', title);
    // jsdom applies no component CSS: the one-line ellipsis itself is checked in Chromium (dev/preview shots).
    expect(within(toggle).getByText(title)).toHaveClass('title');
  });

  it('reads a detail after the title as one name ("Buckets · Local"), the whole of it in the tooltip', () => {
    render(SidebarSection, { props: { title: 'Buckets', detail: 'Local', testid: 'section', children: createRawSnippet(() => ({ render: () => '<p>body</p>' })) } });
    const toggle = within(screen.getByTestId('section')).getByRole('button', { name: 'Buckets · Local' });
    expect(toggle).toHaveAttribute('title', 'Buckets · Local');
    expect(screen.getByTestId('section-detail')).toHaveTextContent('· Local');
  });
});
