#!/usr/bin/env node
// Launcher: the CLI is compiled to dist/ by `npm run build`.
import '../dist/cli/main.js';
