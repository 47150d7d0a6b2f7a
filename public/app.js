// Harvest progressive enhancement: drag-and-drop upload, live job progress, confirmations. Every page works without it.
(function () {
  'use strict';

  // Confirm destructive forms.
  document.querySelectorAll('form[data-confirm]').forEach(function (form) {
    form.addEventListener('submit', function (event) {
      if (!window.confirm(form.getAttribute('data-confirm'))) event.preventDefault();
    });
  });

  // Drag and drop onto the upload zone; the chosen files are listed.
  var zone = document.querySelector('[data-dropzone]');
  if (zone) {
    var input = zone.querySelector('input[type=file]');
    var list = zone.querySelector('.chosen');
    var hint = zone.querySelector('.drop-hint');
    if (hint) hint.hidden = false;
    var show = function () {
      list.textContent = '';
      Array.prototype.forEach.call(input.files, function (file) {
        var li = document.createElement('li');
        li.textContent = file.name + ' (' + Math.max(1, Math.round(file.size / 1024)) + ' KB)';
        list.appendChild(li);
      });
    };
    input.addEventListener('change', show);
    ['dragenter', 'dragover'].forEach(function (type) {
      zone.addEventListener(type, function (event) { event.preventDefault(); zone.classList.add('over'); });
    });
    ['dragleave', 'drop'].forEach(function (type) {
      zone.addEventListener(type, function (event) { event.preventDefault(); zone.classList.remove('over'); });
    });
    zone.addEventListener('drop', function (event) {
      if (!event.dataTransfer || !event.dataTransfer.files.length) return;
      var transfer = new DataTransfer();
      Array.prototype.forEach.call(input.files, function (f) { transfer.items.add(f); });
      Array.prototype.forEach.call(event.dataTransfer.files, function (f) { transfer.items.add(f); });
      input.files = transfer.files;
      show();
    });
  }

  // Job progress: poll the API and move on to the report when done.
  var job = document.querySelector('[data-job]');
  if (job) {
    var bar = job.querySelector('progress');
    var percent = job.querySelector('[data-percent]');
    var stage = job.querySelector('[data-stage]');
    var poll = function () {
      fetch('/api/jobs/' + encodeURIComponent(job.getAttribute('data-job')), { headers: { Accept: 'application/json' } })
        .then(function (res) { return res.json(); })
        .then(function (state) {
          // To a tenth of a per cent: a long analysis (one huge question) moves by less than 1% per step.
          var p = Math.floor((state.progress || 0) * 1000) / 10;
          bar.value = p;
          bar.textContent = p.toFixed(1) + '%';
          percent.textContent = p.toFixed(1);
          stage.textContent = state.stage || state.state;
          if (state.state === 'done') { window.location.href = job.getAttribute('data-report'); return; }
          if (state.state === 'failed') {
            var box = document.createElement('p');
            box.className = 'error-box';
            box.setAttribute('role', 'alert');
            box.textContent = 'The analysis failed: ' + (state.error ? state.error.message : 'unknown error');
            job.appendChild(box);
            return;
          }
          window.setTimeout(poll, 700);
        })
        .catch(function () { window.setTimeout(poll, 2000); });
    };
    poll();
  }
})();
