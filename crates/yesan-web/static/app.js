// Yesan's only script, progressive enhancements: every page works without
// it. On the entry form it shows the amount typed in 원 in 천원 as it is
// typed (the screens show 천원), and fills the budget line from a 참조
// chosen among the open commitments (the server decides the line from the
// reference in any case). On the draft budget's grid it posts the grid to
// the preview route as it is typed and writes the figures the server
// answers into their cells: no sum and no rounding here, one rule, in Rust.
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

(function () {
  const form = document.getElementById('draft-form');
  if (!form || !form.dataset.preview) return;
  const token = form.querySelector('input[name=_csrf]');
  const box = document.getElementById('draft-problems');
  const live = document.getElementById('draft-live');
  if (live) live.hidden = false;
  let timer = null;
  let asked = 0;
  const cell = function (id) {
    return document.querySelectorAll('[data-cell="' + CSS.escape(id) + '"]');
  };
  const clear = function () {
    for (const e of form.querySelectorAll('.live-error')) e.remove();
    for (const e of form.querySelectorAll('[aria-invalid]')) e.removeAttribute('aria-invalid');
  };
  const show = function (answer) {
    const cells = answer.cells || {};
    if (Object.keys(cells).length) {
      // A removed or emptied item has no product any more.
      for (const e of form.querySelectorAll('[data-cell^="prod:"]')) e.textContent = '';
      for (const [id, text] of Object.entries(cells)) {
        for (const e of cell(id)) e.textContent = text;
      }
    }
    if (Object.keys(cells).length) {
      // A line built from items takes no typed amount: its field is folded.
      const itemized = new Set(answer.itemized || []);
      for (const e of form.querySelectorAll('[data-typed]')) e.hidden = itemized.has(e.dataset.typed);
      // The summary's count follows the items the server priced, so a row
      // added or removed on the page is counted as it will be saved.
      for (const d of form.querySelectorAll('details.basis')) {
        const count = d.querySelector('summary small');
        if (!count) continue;
        const priced = [...d.querySelectorAll('[data-cell^="prod:"]')].filter((e) => e.textContent.trim() !== '');
        count.textContent = '(' + priced.length + ')';
      }
    }
    clear();
    const problems = answer.problems || [];
    if (box) {
      const list = box.querySelector('ul');
      list.textContent = '';
      for (const p of problems) {
        const li = document.createElement('li');
        const b = document.createElement('strong');
        b.textContent = p.label;
        li.append(b, ': ' + p.message);
        list.append(li);
      }
      box.hidden = problems.length === 0;
    }
    for (const p of problems) {
      const input = p.field && form.querySelector('[name="' + CSS.escape(p.field) + '"]');
      if (!input) continue;
      input.setAttribute('aria-invalid', 'true');
      const note = document.createElement('span');
      note.className = 'field-error live-error';
      note.setAttribute('role', 'status');
      note.textContent = p.message;
      input.after(note);
    }
  };
  const ask = async function () {
    const mine = ++asked;
    form.dataset.pending = '1';
    try {
      const res = await fetch(form.dataset.preview, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'X-CSRF-Token': token ? token.value : '', 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(new FormData(form)),
      });
      if (mine !== asked) return;
      if (res.status === 200 || res.status === 422) show(await res.json());
    } finally {
      if (mine === asked) delete form.dataset.pending;
    }
  };
  const later = function () {
    clearTimeout(timer);
    timer = setTimeout(ask, 250);
  };
  form.addEventListener('input', later);
  form.addEventListener('change', later);
  // 항목 추가: another spare row after the last one, its inputs named with
  // the next free key of the line.
  for (const b of form.querySelectorAll('button[data-add]')) {
    b.hidden = false;
    b.addEventListener('click', function () {
      const body = b.closest('td').querySelector('table.items tbody');
      const rows = body.querySelectorAll('tr.item');
      const last = rows[rows.length - 1];
      if (!last) return;
      const m = /^l(\d+)\.k(\d+)$/.exec(last.dataset.prefix || '');
      if (!m) return;
      const next = 'l' + m[1] + '.k' + (Number(m[2]) + 1);
      const row = last.cloneNode(true);
      row.dataset.prefix = next;
      row.classList.add('spare');
      for (const input of row.querySelectorAll('input')) {
        input.name = input.name.replace(last.dataset.prefix + '.', next + '.');
        if (input.type === 'checkbox') input.checked = false; else input.value = '';
        input.removeAttribute('aria-invalid');
      }
      for (const e of row.querySelectorAll('.live-error')) e.remove();
      for (const e of row.querySelectorAll('[data-cell]')) {
        e.dataset.cell = 'prod:' + next;
        e.textContent = '';
      }
      last.after(row);
      const first = row.querySelector('input');
      if (first) first.focus();
    });
  }
})();
