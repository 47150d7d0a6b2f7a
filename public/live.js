// The live plenary's projector: follows the server-sent events of its consultation and redraws the themes.
(function () {
  'use strict';
  var body = document.body;
  var url = body.getAttribute('data-events');
  if (!url || typeof EventSource === 'undefined') return;

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /** HH:MM:SS in the projector's own time zone. */
  function clock(iso) {
    var d = new Date(iso);
    if (isNaN(d.getTime())) return '';
    function two(n) { return (n < 10 ? '0' : '') + n; }
    return two(d.getHours()) + ':' + two(d.getMinutes()) + ':' + two(d.getSeconds());
  }

  function showUpdated(iso) {
    var target = document.getElementById('live-updated');
    target.textContent = '';
    if (!iso) {
      target.textContent = 'waiting for the first notes';
      return;
    }
    target.appendChild(document.createTextNode('updated '));
    var time = el('time', '', clock(iso));
    time.setAttribute('datetime', iso);
    target.appendChild(time);
  }

  function render(view) {
    document.getElementById('live-name').textContent = view.consultation;
    document.getElementById('live-contributions').textContent = String(view.contributions);
    var groups = document.getElementById('live-groups');
    groups.textContent = String(view.groups);
    groups.nextSibling.textContent = view.groups === 1 ? ' group · ' : ' groups · ';
    showUpdated(view.analysedAt);
    document.getElementById('live-paused').hidden = !view.frozen;
    var scopes = document.getElementById('live-scopes');
    var next = document.createDocumentFragment();
    view.scopes.forEach(function (scope) {
      var section = el('section', 'scope');
      section.appendChild(el('h2', '', scope.label));
      var list = el('ol', 'themes');
      scope.themes.forEach(function (theme) {
        var item = el('li');
        item.appendChild(el('span', 'theme', theme.label));
        item.appendChild(document.createTextNode(' '));
        item.appendChild(el('span', 'count', String(theme.count)));
        if (theme.note) {
          item.appendChild(document.createTextNode(' '));
          item.appendChild(el('span', 'note', theme.note));
        }
        list.appendChild(item);
      });
      section.appendChild(list);
      if (scope.more) section.appendChild(el('p', 'more', 'and ' + scope.more + ' more ' + (scope.more === 1 ? 'theme' : 'themes')));
      next.appendChild(section);
    });
    scopes.textContent = '';
    scopes.appendChild(next);
    body.setAttribute('data-updated', view.analysedAt || '');
  }

  // The server's time is UTC: shown in local time from the start.
  var first = document.querySelector('#live-updated time');
  if (first) showUpdated(first.getAttribute('datetime'));

  var source = new EventSource(url);
  source.addEventListener('themes', function (event) {
    try {
      render(JSON.parse(event.data));
    } catch (err) {
      // A damaged message is skipped; the next one redraws everything.
    }
  });
  source.addEventListener('gone', function () {
    source.close();
  });
})();
