/**
 * Vue 3 with a render function (works with the runtime-only build, no template compiler): attributes
 * are passed as written, and `onIjazatState` / `onIjazatGranted` / `onIjazatError` listen to the
 * element's `ijazat-state` / `ijazat-granted` / `ijazat-error` events (Vue hyphenates the name).
 * With templates instead, tell the compiler the tag is a custom element:
 *   app.config.compilerOptions.isCustomElement = (tag) => tag === 'ijazat-consent'
 *   <ijazat-consent partner-key="…" :nonce="nonce" name="ijazat_token" @ijazat-granted="…" />
 * Needs: `import 'ijazat-consent'` once in your app (defines the tag).
 */
import { defineComponent, h, ref, type PropType } from 'vue';

export const ConsentForm = defineComponent({
  name: 'ConsentForm',
  props: {
    nonce: { type: String, required: true },
    apiBase: { type: String, default: undefined },
    onStateChange: { type: Function as PropType<(state: string) => void>, default: undefined },
  },
  setup(props) {
    const state = ref('loading');
    const granted = ref(false);
    const error = ref<string | null>(null);
    return () =>
      h('form', { method: 'post', action: '/accounts' }, [
        h('ijazat-consent', {
          'partner-key': 'pk_test_sandbox_bank',
          purpose: 'account-opening',
          nonce: props.nonce,
          'api-base': props.apiBase,
          name: 'ijazat_token',
          required: true,
          onIjazatState: (event: CustomEvent<{ state: string }>) => {
            state.value = event.detail.state;
            props.onStateChange?.(event.detail.state);
          },
          onIjazatGranted: () => (granted.value = true),
          onIjazatError: (event: CustomEvent<{ code: string }>) => (error.value = event.detail.code),
        }),
        h('p', { 'data-testid': 'consent-state' }, state.value),
        error.value ? h('p', { role: 'alert', 'data-testid': 'consent-error' }, error.value) : null,
        h('button', { type: 'submit', disabled: !granted.value }, 'Open account'),
      ]);
  },
});
