// Comment form, made better with JavaScript. Without it the form is a plain POST and works the same.
// - warns while the reader types when the text breaks the no-links rule, marking the words in place;
// - posts in place and shows the new comment (or the awaiting-moderation notice) without a reload;
// - moves the form under a comment to reply; shows comment times as "5 minutes ago".
(function () {
  'use strict';
  var form = document.getElementById('comment-form');
  relativeTimes();
  if (!form || !window.fetch || !form.dataset.apiUrl) return;

  var body = form.querySelector('textarea[name="body"]');
  var nameInput = form.querySelector('input[name="author_name"]');
  var emailInput = form.querySelector('input[name="email"]');
  var parentInput = form.querySelector('input[name="parent_id"]');
  var remember = form.querySelector('input[name="remember"]');
  var live = document.getElementById('comment-live');
  var button = form.querySelector('button[type="submit"]');
  var checkUrl = form.dataset.checkUrl;
  var articlePath = form.dataset.articlePath;
  var canEdit = Number(form.dataset.editMinutes) > 0;
  var maxDepth = Number(form.dataset.maxDepth);
  var timeZone = form.dataset.timeZone;
  var timer = null;
  var lastChecked = null;
  var sequence = 0;

  try {
    var saved = window.localStorage.getItem('broadsheet:name');
    if (saved && nameInput && !nameInput.value) { nameInput.value = saved; if (remember) remember.checked = true; }
  } catch (e) { /* storage may be off */ }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /** The text with the matched ranges wrapped in <mark>, built from text nodes only. */
  function marked(text, matches) {
    var p = el('p', 'link-preview-text');
    p.dir = 'auto';
    var at = 0;
    matches.slice().sort(function (a, b) { return a.start - b.start; }).forEach(function (m) {
      if (m.start < at) return;
      if (m.start > at) p.appendChild(document.createTextNode(text.slice(at, m.start)));
      p.appendChild(el('mark', '', text.slice(m.start, m.end)));
      at = m.end;
    });
    if (at < text.length) p.appendChild(document.createTextNode(text.slice(at)));
    return p;
  }

  function showWarning(message, text, matches) {
    live.textContent = '';
    live.appendChild(el('p', '', message));
    if (matches && matches.length) live.appendChild(marked(text, matches));
  }

  function check() {
    var text = body.value;
    if (text === lastChecked) return;
    lastChecked = text;
    if (!text.trim()) { live.textContent = ''; return; }
    var mine = ++sequence;
    fetch(checkUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ body: text }), credentials: 'same-origin' })
      .then(function (res) { return res.ok ? res.json() : null; })
      .then(function (verdict) {
        if (!verdict || mine !== sequence) return;
        if (verdict.ok) live.textContent = '';
        else showWarning(verdict.message, text, verdict.matches);
      })
      .catch(function () { /* the server check on posting still applies */ });
  }

  body.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(check, 350);
  });

  function clearErrors() {
    Array.prototype.forEach.call(form.querySelectorAll('.form-error, .link-preview, .field-error'), function (n) { n.remove(); });
    Array.prototype.forEach.call(form.querySelectorAll('.field-invalid'), function (n) { n.classList.remove('field-invalid'); });
    Array.prototype.forEach.call(form.querySelectorAll('[aria-invalid]'), function (n) { n.removeAttribute('aria-invalid'); });
  }

  function showError(error, text) {
    clearErrors();
    live.textContent = '';
    var box = el('div', 'form-error');
    box.setAttribute('role', 'alert');
    box.tabIndex = -1;
    box.appendChild(el('p', '', error.message || 'Your comment could not be posted.'));
    form.insertBefore(box, form.firstChild);
    if (error.matches && error.matches.length) {
      var preview = el('div', 'link-preview');
      preview.appendChild(el('p', 'link-preview-label', 'What we found in your comment:'));
      preview.appendChild(marked(text, error.matches));
      form.insertBefore(preview, box.nextSibling);
    }
    var fields = error.fields || {};
    Object.keys(fields).forEach(function (name) {
      var input = form.querySelector('[name="' + name + '"]');
      if (!input) return;
      var wrapper = input.closest('.field');
      if (wrapper) wrapper.classList.add('field-invalid');
      input.setAttribute('aria-invalid', 'true');
      var msg = el('p', 'field-error', fields[name]);
      msg.id = input.id + '-error';
      input.insertAdjacentElement('afterend', msg);
    });
    box.focus();
  }

  function commentElement(c) {
    var li = el('li', 'comment-item');
    var article = el('article', 'comment' + (c.status === 'pending' ? ' comment-pending' : ''));
    article.id = 'comment-' + c.id;
    article.setAttribute('aria-labelledby', 'comment-' + c.id + '-author');
    var header = el('header', 'comment-header');
    var author = el('span', 'comment-author', c.author_name);
    author.id = 'comment-' + c.id + '-author';
    author.dir = 'auto';
    header.appendChild(author);
    var link = el('a', 'comment-time');
    link.href = '#comment-' + c.id;
    var time = el('time', '', 'just now');
    time.setAttribute('datetime', c.created_at);
    time.title = exactTime(c.created_at);
    link.appendChild(time);
    header.appendChild(link);
    article.appendChild(header);
    if (c.status === 'pending') {
      var status = el('p', 'comment-status', 'Awaiting moderation: only you can see this comment until a moderator approves it.');
      status.setAttribute('role', 'status');
      article.appendChild(status);
    }
    var bodyDiv = el('div', 'comment-body');
    c.body.split(/\n{2,}/).forEach(function (para) {
      var p = el('p');
      p.dir = 'auto';
      para.split('\n').forEach(function (line, i) {
        if (i > 0) p.appendChild(document.createElement('br'));
        p.appendChild(document.createTextNode(line));
      });
      bodyDiv.appendChild(p);
    });
    article.appendChild(bodyDiv);
    if (articlePath) article.appendChild(commentActions(c));
    li.appendChild(article);
    return li;
  }

  // The exact time as the page writes it ("7 December 2026 at 14:05 EET"), in the site's time zone.
  function exactTime(iso) {
    var options = { day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' };
    try {
      return new Intl.DateTimeFormat('en-GB', Object.assign({ timeZone: timeZone || undefined }, options)).format(new Date(iso));
    } catch (e) {
      return new Intl.DateTimeFormat('en-GB', options).format(new Date(iso));
    }
  }

  // The same actions as the page gives its author: reply once it is published, edit or delete for a while.
  function commentActions(c) {
    var actions = el('footer', 'comment-actions');
    if (c.status === 'approved') {
      var reply = el('a', 'comment-reply', 'Reply');
      reply.href = articlePath + '?reply=' + c.id + '#comment-form';
      reply.dataset.replyTo = String(c.id);
      reply.dataset.replyName = c.author_name;
      reply.appendChild(el('span', 'visually-hidden', ' to ' + c.author_name));
      actions.appendChild(reply);
    }
    if (canEdit) {
      var edit = el('a', '', 'Edit or delete');
      edit.href = articlePath + '/comments/' + c.id + '/edit';
      edit.appendChild(el('span', 'visually-hidden', ' your comment'));
      actions.appendChild(edit);
    }
    return actions;
  }

  // The heading counts published comments, as the page does after a reload.
  function countOneMore() {
    var title = document.getElementById('comments-title');
    if (!title) return;
    var count = title.querySelector('.comment-count');
    if (!count) {
      title.appendChild(document.createTextNode(' '));
      count = title.appendChild(el('span', 'comment-count', '(0)'));
    }
    var n = Number((count.textContent.match(/\d+/) || ['0'])[0]) + 1;
    count.textContent = '(' + n + ')';
  }

  function insertComment(c) {
    var li = commentElement(c);
    var parentId = parentInput && parentInput.value;
    var parent = parentId ? document.getElementById('comment-' + parentId) : null;
    if (parent) {
      var item = parent.closest('li');
      var depth = 0;
      for (var n = item.parentElement; n; n = n.parentElement) if (n.matches('ol.comment-replies')) depth++;
      if (depth >= maxDepth) {
        // As the page draws it: at the deepest level shown, after the comment answered, saying whom it answers.
        var author = li.querySelector('.comment-author');
        var replyTo = el('span', 'comment-replyto', 'replying to ');
        replyTo.appendChild(el('bdi', '', parent.querySelector('.comment-author').textContent));
        author.parentNode.insertBefore(document.createTextNode(' '), author.nextSibling);
        author.parentNode.insertBefore(replyTo, author.nextSibling.nextSibling);
        item.parentNode.appendChild(li);
        return li;
      }
      var replies = item.querySelector(':scope > ol.comment-replies');
      if (!replies) { replies = el('ol', 'comment-replies'); item.appendChild(replies); }
      replies.appendChild(li);
    } else {
      var list = document.querySelector('.comment-list');
      if (!list) {
        list = el('ol', 'comment-list');
        var empty = document.querySelector('.comments-empty');
        if (empty) empty.replaceWith(list);
        else form.parentNode.insertBefore(list, form);
      }
      list.appendChild(li);
    }
    return li;
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var text = body.value;
    var payload = { author_name: nameInput.value, body: text };
    if (emailInput && emailInput.value.trim()) payload.email = emailInput.value.trim();
    if (parentInput && parentInput.value) payload.parent_id = Number(parentInput.value);
    button.disabled = true;
    fetch(form.dataset.apiUrl, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify(payload), credentials: 'same-origin' })
      .then(function (res) {
        return res.json().then(function (data) { return { status: res.status, data: data }; });
      })
      .then(function (result) {
        button.disabled = false;
        if (result.status === 201) {
          clearErrors();
          try {
            if (remember && remember.checked) window.localStorage.setItem('broadsheet:name', nameInput.value);
            else window.localStorage.removeItem('broadsheet:name');
          } catch (e) { /* storage may be off */ }
          var li = insertComment(result.data.comment);
          if (result.data.comment.status === 'approved') countOneMore();
          body.value = '';
          lastChecked = null;
          live.textContent = '';
          var note = el('p', 'form-notice', result.data.comment.status === 'pending'
            ? 'Thank you. Your comment is awaiting moderation; only you can see it until it is approved.'
            : 'Thank you. Your comment is published.');
          note.setAttribute('role', 'status');
          li.querySelector('article').appendChild(note);
          cancelReply();
          li.scrollIntoView({ block: 'center' });
          return;
        }
        showError(result.data && result.data.error ? result.data.error : {}, text);
      })
      .catch(function () {
        // Without a usable answer, fall back to the plain form post, which keeps everything typed.
        button.disabled = false;
        form.submit();
      });
  });

  // Replies: move the form under the comment being answered.
  var home = form.parentNode;
  var homeNext = form.nextSibling;
  var replyNote = null;
  function cancelReply() {
    if (parentInput) parentInput.value = '';
    if (replyNote) { replyNote.remove(); replyNote = null; }
    if (form.parentNode !== home) home.insertBefore(form, homeNext);
  }
  document.addEventListener('click', function (event) {
    var link = event.target.closest && event.target.closest('a[data-reply-to]');
    if (!link || !parentInput) return;
    event.preventDefault();
    cancelReply();
    parentInput.value = link.dataset.replyTo;
    var article = document.getElementById('comment-' + link.dataset.replyTo);
    article.insertAdjacentElement('afterend', form);
    var existing = form.querySelector('.replying-to');
    if (existing) existing.remove();
    replyNote = el('p', 'replying-to', 'Replying to ' + link.dataset.replyName + '. ');
    var cancel = el('a', 'cancel-reply', 'Cancel reply');
    cancel.href = '#comment-form';
    cancel.addEventListener('click', function (e) { e.preventDefault(); cancelReply(); body.focus(); });
    replyNote.appendChild(cancel);
    form.insertBefore(replyNote, form.firstChild);
    body.focus();
  });

  function relativeTimes() {
    var now = Date.now();
    Array.prototype.forEach.call(document.querySelectorAll('.comment-time time[datetime]'), function (t) {
      var then = Date.parse(t.getAttribute('datetime'));
      if (isNaN(then)) return;
      var s = Math.round((now - then) / 1000);
      var text = s < 60 ? 'just now'
        : s < 3600 ? plural(Math.round(s / 60), 'minute') + ' ago'
        : s < 86400 ? plural(Math.round(s / 3600), 'hour') + ' ago'
        : s < 7 * 86400 ? plural(Math.round(s / 86400), 'day') + ' ago'
        : null;
      if (text) { t.title = t.textContent; t.textContent = text; }
    });
  }
  function plural(n, word) { return n + ' ' + word + (n === 1 ? '' : 's'); }
})();
