// React's JSX through Vite's own esbuild (no plugin needed for a build).
export default { esbuild: { jsx: 'automatic' }, build: { target: 'es2022' } };
