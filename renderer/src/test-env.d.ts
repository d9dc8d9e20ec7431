// Types for the jest-dom matchers that test/support/renderer-setup.ts installs in the renderer test project.
/// <reference types="@testing-library/jest-dom/vitest" />
