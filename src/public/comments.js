// The comment form, made better with JavaScript. Without it the form is a plain POST and works the same.
// - warns while the reader types when the comment or the name breaks the no-links rule, marking the words;
// - posts in place: the server answers with the comment section alone, drawn by the same templates as
//   the page, and it takes the place of the one on the page (a refused post brings back only the form);
// - says so, keeping everything typed, when a post cannot reach the site;
// - moves the form under a comment to reply; shows comment times as "5 minutes ago";
// - counts the characters near the limit and past it (the text area has no maxlength, which would cut a
//   pasted comment short without a word; the server refuses a long one with the text kept);
// - keeps an unsent comment in the tab (sessionStorage) while the reader types, so a reload or a
//   wrong click does not lose it; it is forgotten once the comment is posted.
// Everything is found through the document when it is needed, since a post replaces what was there.
(function () {
  'use strict';
  var SECTION_HEADER = 'x-broadsheet-fragment';
  relativeTimes(document);
  if (!window.fetch || !document.getElementById('comment-form')) return;

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function commentForm() {
    return document.getElementById('comment-form');
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

  // The live warnings, from the same verdict the server gives when the comment is posted: the link rule
  // applies to the name as well as the comment, each warned about under its own field.
  var LIVE = { body: 'comment-live', author_name: 'comment-name-live' };
  var timers = {};
  var lastChecked = {};
  var sequence = {};

  function check(name) {
    var form = commentForm();
    var field = form && form.querySelector('[name="' + name + '"]');
    var live = form && form.querySelector('#' + LIVE[name]);
    if (!field || !live || !form.dataset.checkUrl) return;
    var text = field.value;
    if (text === lastChecked[name]) return;
    lastChecked[name] = text;
    if (!text.trim()) { live.textContent = ''; return; }
    var mine = sequence[name] = (sequence[name] || 0) + 1;
    fetch(form.dataset.checkUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ body: text, field: name }), credentials: 'same-origin' })
      .then(function (res) { return res.ok ? res.json() : null; })
      .then(function (verdict) {
        if (!verdict || mine !== sequence[name]) return;
        live.textContent = '';
        if (verdict.ok) return;
        live.appendChild(el('p', '', verdict.message));
        if (verdict.matches && verdict.matches.length) live.appendChild(marked(text, verdict.matches));
      })
      .catch(function () { /* the server check on posting still applies */ });
  }

  // Shown from nine tenths of the limit on; past it, the text area is marked invalid and points to it.
  function countCharacters(textarea) {
    var max = Number(textarea.getAttribute('data-max-length'));
    if (!max) return;
    var count = textarea.parentNode.querySelector('.char-count');
    var length = Array.from(textarea.value).length;
    var describedBy = (textarea.getAttribute('aria-describedby') || '').split(' ').filter(function (id) { return id && id !== 'comment-count'; });
    if (length < max * 0.9) {
      if (count) count.remove();
      textarea.setAttribute('aria-describedby', describedBy.join(' '));
      if (textarea.getAttribute('aria-invalid') === 'true' && !textarea.form.querySelector('#comment-body-error')) textarea.removeAttribute('aria-invalid');
      return;
    }
    if (!count) {
      count = el('p', 'char-count');
      count.id = 'comment-count';
      textarea.insertAdjacentElement('afterend', count);
    }
    textarea.setAttribute('aria-describedby', describedBy.concat('comment-count').join(' '));
    var over = length - max;
    count.textContent = over > 0
      ? length.toLocaleString('en') + ' characters: ' + over.toLocaleString('en') + ' more than the ' + max.toLocaleString('en') + ' a comment may have. Please shorten it.'
      : length.toLocaleString('en') + ' of ' + max.toLocaleString('en') + ' characters';
    count.classList.toggle('char-count-over', over > 0);
    if (over > 0) textarea.setAttribute('aria-invalid', 'true');
    else if (!textarea.form.querySelector('#comment-body-error')) textarea.removeAttribute('aria-invalid');
  }

  document.addEventListener('input', function (event) {
    if (event.target.name === 'body' && event.target.hasAttribute('data-max-length')) countCharacters(event.target);
    var name = event.target.name;
    if (!LIVE.hasOwnProperty(name) || !event.target.closest('#comment-form')) return;
    keepDraft();
    clearTimeout(timers[name]);
    timers[name] = setTimeout(function () { check(name); }, 350);
  });

  // The unsent comment, kept per tab and per article: { name, body, parentId, sent }. `sent` is set as
  // the form goes: a plain post that was taken comes back with an empty form, which must stay empty.
  var DRAFT_HOURS = 24;

  function draftKey(form) {
    // Only the form for a new comment or reply (it has parent_id); an edit starts from the saved text.
    if (!form || !form.querySelector('input[name="parent_id"]')) return null;
    return 'broadsheet-draft:' + form.getAttribute('action');
  }

  function readDraft(key) {
    try {
      var draft = JSON.parse(window.sessionStorage.getItem(key) || 'null');
      return draft && Date.now() - draft.at < DRAFT_HOURS * 3600 * 1000 ? draft : null;
    } catch (e) {
      return null;
    }
  }

  function writeDraft(key, draft) {
    try {
      if (draft) window.sessionStorage.setItem(key, JSON.stringify(draft));
      else window.sessionStorage.removeItem(key);
    } catch (e) { /* storage full or turned off: the comment is still in the form */ }
  }

  function keepDraft(sent) {
    var form = commentForm();
    var key = draftKey(form);
    if (!key) return;
    var body = form.querySelector('textarea[name="body"]').value;
    if (!body.trim()) return writeDraft(key, null);
    var name = form.querySelector('input[name="author_name"]');
    var parent = form.querySelector('input[name="parent_id"]');
    writeDraft(key, { name: name ? name.value : '', body: body, parentId: parent.value, sent: sent === true, at: Date.now() });
  }

  function forgetDraft() {
    var key = draftKey(commentForm());
    if (key) writeDraft(key, null);
  }

  function restoreDraft() {
    var form = commentForm();
    var key = draftKey(form);
    var draft = key && readDraft(key);
    if (!draft) return;
    var textarea = form.querySelector('textarea[name="body"]');
    // Sent and taken (the form came back empty), or the page already holds the text (a refused post).
    if (draft.sent || textarea.value.trim()) {
      if (draft.sent && !textarea.value.trim()) writeDraft(key, null);
      return;
    }
    var reply = /^\d{1,12}$/.test(draft.parentId) && document.querySelector('a[data-reply-to="' + draft.parentId + '"]');
    if (reply) replyTo(form, reply);
    textarea.value = draft.body;
    var name = form.querySelector('input[name="author_name"]');
    if (name && !name.value) name.value = draft.name;
    var note = el('p', 'draft-note', 'We kept the comment you had not posted yet. ');
    note.setAttribute('role', 'status');
    var discard = el('button', 'link-button', 'Discard it');
    discard.type = 'button';
    discard.addEventListener('click', function () {
      textarea.value = '';
      forgetDraft();
      note.remove();
      textarea.focus();
    });
    note.appendChild(discard);
    textarea.parentNode.insertBefore(note, textarea);
    countCharacters(textarea);
    check('body');
  }

  /** The #comments section in an answer from the server. */
  function sectionIn(html) {
    var template = document.createElement('template');
    template.innerHTML = html;
    return template.content.querySelector('#comments');
  }

  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (form.id !== 'comment-form') return;
    keepDraft(true);
    if (!form.hasAttribute('data-in-place')) return;
    event.preventDefault();
    var button = form.querySelector('button[type="submit"]');
    button.disabled = true;
    var headers = {};
    headers[SECTION_HEADER] = 'comments';
    var reached = false;
    fetch(form.action, { method: 'POST', headers: headers, body: new URLSearchParams(new FormData(form)), credentials: 'same-origin', redirect: 'manual' })
      .then(function (res) {
        reached = true;
        // The plain post's answer to a comment it took: something on the way dropped the header. The
        // comment is saved, so the page is loaded again to show it, rather than posting it a second time.
        if (res.type === 'opaqueredirect') {
          window.location.reload();
          return null;
        }
        // Anything else but the section (an error page, say) is left to the plain form post.
        if (res.headers.get(SECTION_HEADER) !== 'comments') throw new Error('not a comment section');
        return res.text().then(function (html) { return { status: res.status, location: res.headers.get('location'), section: sectionIn(html) }; });
      })
      .then(function (answer) {
        if (!answer) return;
        if (!answer.section) throw new Error('not a comment section');
        lastChecked = {};
        if (answer.status === 201) {
          forgetDraft();
          posted(answer.section, answer.location);
        } else {
          refused(form, answer.section);
          keepDraft();
        }
      })
      .catch(function () {
        button.disabled = false;
        // No connection: a plain post would fail the same way and leave the page, so the reader stays
        // with everything typed and is told to try again.
        if (!reached) {
          keepDraft();
          return unreachable(form);
        }
        // An answer that is not a comment section: the plain form post shows it, keeping everything typed.
        form.submit();
      });
  });

  function unreachable(form) {
    var old = form.querySelector('#comment-form-error');
    if (old) old.remove();
    var box = el('div', 'form-error');
    box.id = 'comment-form-error';
    box.setAttribute('role', 'alert');
    box.tabIndex = -1;
    box.appendChild(el('p', '', 'We could not reach the site, so your comment was not sent. It is still here: please check your connection and post it again.'));
    form.insertBefore(box, form.firstChild);
    box.focus();
  }

  // Posted: the page of comments it is on, with the new comment and a fresh form.
  function posted(section, location) {
    document.getElementById('comments').replaceWith(section);
    relativeTimes(section);
    if (location) window.history.replaceState(null, '', location);
    var comment = location && document.getElementById(location.split('#')[1]);
    if (!comment) return;
    comment.tabIndex = -1;
    comment.focus({ preventScroll: true });
    comment.scrollIntoView({ block: 'center' });
  }

  // Refused: the form as the server drew it, with the text kept and the reasons, where the reader left it.
  // Comments closed meanwhile: the section as it is now, which says so and holds the text to copy.
  function refused(form, section) {
    var drawn = section.querySelector('#comment-form');
    if (!drawn) {
      document.getElementById('comments').replaceWith(section);
      var notice = section.querySelector('.form-notice');
      if (notice) { notice.tabIndex = -1; notice.focus(); }
      return;
    }
    form.replaceWith(drawn);
    var area = drawn.querySelector('textarea[data-max-length]');
    if (area) countCharacters(area);
    var error = drawn.querySelector('#comment-form-error');
    if (error) error.focus();
  }

  // Replies: the form moves under the comment being answered, and back where it was drawn on cancel.
  function cancelReply(form) {
    var parent = form.querySelector('input[name="parent_id"]');
    if (parent) parent.value = '';
    var note = form.querySelector('.replying-to');
    if (note) note.remove();
    var home = document.getElementById('leave-a-comment');
    if (home && form.previousElementSibling !== home) home.insertAdjacentElement('afterend', form);
  }

  document.addEventListener('click', function (event) {
    var form = commentForm();
    if (!form || !event.target.closest) return;
    var cancel = event.target.closest('#comment-form .cancel-reply');
    if (cancel) {
      event.preventDefault();
      cancelReply(form);
      keepDraft();
      form.querySelector('textarea[name="body"]').focus();
      return;
    }
    var link = event.target.closest('a[data-reply-to]');
    if (!link || !form.querySelector('input[name="parent_id"]')) return;
    event.preventDefault();
    replyTo(form, link);
    keepDraft();
    form.querySelector('textarea[name="body"]').focus();
  });

  function replyTo(form, link) {
    cancelReply(form);
    form.querySelector('input[name="parent_id"]').value = link.dataset.replyTo;
    document.getElementById('comment-' + link.dataset.replyTo).insertAdjacentElement('afterend', form);
    var note = el('p', 'replying-to', 'Replying to ' + link.dataset.replyName + '. ');
    var back = el('a', 'cancel-reply', 'Cancel reply');
    back.href = '#comment-form';
    note.appendChild(back);
    form.insertBefore(note, form.querySelector('.field'));
  }

  restoreDraft();

  function relativeTimes(root) {
    var now = Date.now();
    Array.prototype.forEach.call(root.querySelectorAll('.comment-time time[datetime]'), function (t) {
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
