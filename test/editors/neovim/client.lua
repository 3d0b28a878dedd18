-- Drives `flyimgc lsp` through Neovim's own LSP client (vim.lsp, Neovim 0.7+), headless, as a user's
-- editor would: open a file, wait for its diagnostics, hover, complete, apply a quick fix, and wait for
-- the diagnostics to clear. Everything seen is written as JSON to $FLYIMG_RESULT for the test to check.
-- Run by test/editors/neovim.test.ts: nvim --headless --clean -c 'luafile client.lua'
local root = os.getenv('FLYIMG_ROOT')
local server = os.getenv('FLYIMGC_BIN')
local result_file = os.getenv('FLYIMG_RESULT')
local result = { steps = {} }

local function finish(code)
  local f = io.open(result_file, 'w')
  f:write(vim.fn.json_encode(result))
  f:close()
  vim.cmd((code == 0 and 'qall!') or ('cquit ' .. code))
end

local function step(name, value)
  table.insert(result.steps, name)
  result[name] = value
end

local ok, err = pcall(function()
  vim.cmd('edit ' .. root .. '/app.flyimg')
  local buf = vim.api.nvim_get_current_buf()
  vim.bo[buf].filetype = 'flyimg'
  local client_id = vim.lsp.start_client({
    name = 'flyimgc',
    cmd = { 'node', server, 'lsp' },
    root_dir = root,
    init_options = { debounceMs = 0 },
  })
  assert(client_id, 'the client did not start')
  vim.lsp.buf_attach_client(buf, client_id)
  local client = vim.lsp.get_client_by_id(client_id)
  assert(vim.wait(20000, function() return client.initialized end, 50), 'the server did not initialize')

  -- 1. A located diagnostic.
  assert(vim.wait(20000, function() return #vim.diagnostic.get(buf) > 0 end, 50), 'no diagnostics arrived')
  local diagnostics = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    local lsp = (d.user_data or {}).lsp or {}
    table.insert(diagnostics, { lnum = d.lnum, col = d.col, end_col = d.end_col, severity = d.severity, message = d.message, code = lsp.code or d.code })
  end
  step('diagnostics', diagnostics)

  local uri = vim.uri_from_bufnr(buf)
  -- 2. Hover on the binding `app` (line 1, column 1).
  local hover = vim.lsp.buf_request_sync(buf, 'textDocument/hover', { textDocument = { uri = uri }, position = { line = 0, character = 1 } }, 20000)
  local hover_text = ''
  for _, response in pairs(hover or {}) do
    if response.result and response.result.contents then hover_text = response.result.contents.value or '' end
  end
  step('hover', hover_text)

  -- 3. Completion after `app.` on line 2.
  local completion = vim.lsp.buf_request_sync(buf, 'textDocument/completion', { textDocument = { uri = uri }, position = { line = 1, character = 10 } }, 20000)
  local labels = {}
  for _, response in pairs(completion or {}) do
    local items = response.result and (response.result.items or response.result) or {}
    for _, item in ipairs(items) do table.insert(labels, item.label) end
  end
  step('completion', labels)

  -- 4. The quick fixes for the diagnostic; apply the preferred one, as `vim.lsp.buf.code_action` would.
  local target = vim.diagnostic.get(buf)[1]
  local lsp_diagnostics = vim.lsp.diagnostic.get_line_diagnostics(buf, target.lnum)
  local actions = vim.lsp.buf_request_sync(buf, 'textDocument/codeAction', {
    textDocument = { uri = uri },
    range = { start = { line = target.lnum, character = target.col }, ['end'] = { line = target.end_lnum or target.lnum, character = target.end_col } },
    context = { diagnostics = lsp_diagnostics, only = { 'quickfix' } },
  }, 20000)
  local titles, chosen = {}, nil
  for _, response in pairs(actions or {}) do
    for _, action in ipairs(response.result or {}) do
      table.insert(titles, action.title)
      if action.isPreferred and not chosen then chosen = action end
    end
  end
  step('actions', titles)
  assert(chosen, 'no preferred quick fix')
  vim.lsp.util.apply_workspace_edit(chosen.edit, client.offset_encoding or 'utf-16')
  step('fixed', vim.api.nvim_buf_get_lines(buf, 0, -1, false))

  -- 5. The edit went to the server (didChange): the diagnostics clear.
  step('cleared', vim.wait(20000, function() return #vim.diagnostic.get(buf) == 0 end, 50))
  client.stop()
end)
if not ok then result.error = tostring(err) end
finish(ok and 0 or 1)
