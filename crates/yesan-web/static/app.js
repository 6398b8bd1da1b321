// Yesan's only script, a progressive enhancement of the entry form: every
// page works without it. It shows the amount typed in 원 in 천원 as it is
// typed (the screens show 천원), and fills the budget line from a 참조
// chosen among the open commitments (the server decides the line from the
// reference in any case).
'use strict';
(function () {
  const form = document.getElementById('entry-form');
  if (!form) return;
  const amount = form.querySelector('input[name=amount]');
  const out = document.getElementById('amount-thousands');
  if (amount && out) {
    const unit = out.dataset.unit || '';
    const show = function () {
      const raw = amount.value.trim();
      const negative = /^[△\-−(]/.test(raw);
      const digits = raw.replace(/[^0-9]/g, '');
      if (!digits) { out.textContent = ''; return; }
      const n = BigInt(digits);
      const whole = (n / 1000n).toLocaleString('en-US');
      const rest = (n % 1000n).toString().padStart(3, '0').replace(/0+$/, '');
      out.textContent = '= ' + (negative ? '△' : '') + whole + (rest ? '.' + rest : '') + unit;
    };
    amount.addEventListener('input', show);
    show();
  }
  const ref = form.querySelector('input[name=ref]');
  const line = form.querySelector('select[name=line]');
  const list = document.getElementById('open-commitments');
  if (ref && line && list) {
    ref.addEventListener('change', function () {
      for (const o of list.options) {
        if (o.value === ref.value.trim() && o.dataset.line) {
          line.value = o.dataset.line;
        }
      }
    });
  }
})();
