import vue from '@vitejs/plugin-vue';

// The sw- tags are custom elements, not Vue components.
export default { plugins: [vue({ template: { compilerOptions: { isCustomElement: (tag) => tag.startsWith('sw-') } } })], build: { target: 'es2022' } };
