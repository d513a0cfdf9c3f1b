-- Drives Neovim 0.7's built-in LSP client against `berth lsp`, headless:
--   nvim --headless --clean -u NONE -c "luafile test/lsp/drive.lua"
-- Environment: BERTH_CMD (JSON array: the server command), BERTH_FILE (manifest to open),
-- BERTH_DELETE (text of the line to delete after the first diagnostics), BERTH_IGNORE (rule id whose
-- "Ignore ..." quick fix to apply at the end).
-- Writes one JSON line per phase to stdout ({"phase": ..., "diagnostics": [...]}) and exits;
-- 0.7 has no vim.lsp.start, so this uses start_client + buf_attach_client.

local function emit(value)
  io.stdout:write(vim.fn.json_encode(value) .. '\n')
  io.stdout:flush()
end

local function finish(code)
  -- get_active_clients is 0.7's name; newer Neovims call it get_clients.
  for _, client in pairs((vim.lsp.get_clients or vim.lsp.get_active_clients)()) do client.stop(true) end
  vim.cmd((code == 0 and 'qall!') or ('cquit! ' .. code))
end

local ok, err = pcall(function()
  local file = os.getenv('BERTH_FILE')
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  local buf = vim.api.nvim_get_current_buf()
  local client_id = vim.lsp.start_client({
    name = 'berth',
    cmd = vim.fn.json_decode(os.getenv('BERTH_CMD')),
    root_dir = vim.fn.fnamemodify(file, ':p:h'),
    on_exit = function(code) if code ~= 0 then emit({ phase = 'server-exit', code = code }) end end,
  })
  if not client_id then error('the client did not start') end
  vim.lsp.buf_attach_client(buf, client_id)

  local function snapshot(phase)
    local out = {}
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      table.insert(out, { lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col,
        code = d.code, source = d.source, severity = d.severity, message = d.message })
    end
    emit({ phase = phase, diagnostics = out })
  end

  local function has_code(code)
    for _, d in ipairs(vim.diagnostic.get(buf)) do if d.code == code then return true end end
    return false
  end

  -- Phase 1: diagnostics after opening the file.
  if not vim.wait(15000, function() return has_code('host-network') end, 20) then
    snapshot('timeout-open')
    return finish(3)
  end
  snapshot('open')

  -- Phase 2: delete the line, as a user would, and wait for the re-published diagnostics.
  local target = os.getenv('BERTH_DELETE')
  local lines = vim.api.nvim_buf_get_lines(buf, 0, -1, false)
  for i, line in ipairs(lines) do
    if line == target then
      vim.api.nvim_buf_set_lines(buf, i - 1, i, false, {})
      break
    end
  end
  if not vim.wait(15000, function() return not has_code('host-network') end, 20) then
    snapshot('timeout-edit')
    return finish(4)
  end
  snapshot('edited')

  -- Phase 3: hover on the `kind:` line (line 2 of the file).
  local uri = vim.uri_from_bufnr(buf)
  local hovers = vim.lsp.buf_request_sync(buf, 'textDocument/hover', { textDocument = { uri = uri }, position = { line = 1, character = 0 } }, 10000) or {}
  for _, response in pairs(hovers) do
    if response.result then emit({ phase = 'hover', value = response.result.contents.value }) end
  end

  -- Phase 4: ask for the quick fixes of one finding, apply the "Ignore ..." one, wait for the finding to go.
  local rule = os.getenv('BERTH_IGNORE')
  local target_diagnostic
  for _, d in ipairs(vim.diagnostic.get(buf)) do if d.code == rule then target_diagnostic = d end end
  if not target_diagnostic then error('no ' .. rule .. ' diagnostic to fix') end
  local lsp_diagnostic = {
    range = { start = { line = target_diagnostic.lnum, character = target_diagnostic.col },
              ['end'] = { line = target_diagnostic.end_lnum, character = target_diagnostic.end_col } },
    severity = target_diagnostic.severity, message = target_diagnostic.message, source = target_diagnostic.source,
    code = target_diagnostic.code, data = target_diagnostic.user_data.lsp.data,
  }
  local responses = vim.lsp.buf_request_sync(buf, 'textDocument/codeAction',
    { textDocument = { uri = uri }, range = lsp_diagnostic.range, context = { diagnostics = { lsp_diagnostic } } }, 10000) or {}
  local titles = {}
  for _, response in pairs(responses) do
    for _, action in ipairs(response.result or {}) do
      table.insert(titles, action.title)
      if action.title:find('Ignore ' .. rule .. ' for ', 1, true) == 1 then vim.lsp.util.apply_workspace_edit(action.edit, 'utf-16') end
    end
  end
  emit({ phase = 'actions', titles = titles })
  if not vim.wait(15000, function() return not has_code(rule) end, 20) then
    snapshot('timeout-fix')
    return finish(6)
  end
  emit({ phase = 'fixed', lines = vim.api.nvim_buf_get_lines(buf, 0, -1, false) })
  finish(0)
end)
if not ok then
  emit({ phase = 'error', message = tostring(err) })
  finish(5)
end
