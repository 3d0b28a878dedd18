-- Drives `flyimgc lsp` through Neovim's own LSP client, headless, as a user typing: every keystroke of
-- $FLYIMG_KEYS (a JSON list of {line, col, delete, text}, 0-based) is applied to the buffer with
-- nvim_buf_set_text, so Neovim sends it as an incremental didChange; after each, the diagnostics the
-- server publishes for that version are recorded with the buffer's text. Written as JSON to
-- $FLYIMG_RESULT for test/editors/neovim.test.ts to compare with `flyimgc check` of each text.
local root = os.getenv('FLYIMG_ROOT')
local server = os.getenv('FLYIMGC_BIN')
local result_file = os.getenv('FLYIMG_RESULT')
local keys = vim.fn.json_decode(io.open(os.getenv('FLYIMG_KEYS')):read('*a'))
local result = { snapshots = {} }

local function finish(code)
  local f = io.open(result_file, 'w')
  f:write(vim.fn.json_encode(result))
  f:close()
  vim.cmd((code == 0 and 'qall!') or ('cquit ' .. code))
end

local ok, err = pcall(function()
  vim.cmd('edit ' .. root .. '/app.flyimg')
  local buf = vim.api.nvim_get_current_buf()
  vim.bo[buf].filetype = 'flyimg'
  -- The version of the last diagnostics published, to wait for the ones of the text just typed.
  local published = -1
  local client_id = vim.lsp.start_client({
    name = 'flyimgc',
    cmd = { 'node', server, 'lsp' },
    root_dir = root,
    init_options = { debounceMs = 0 },
    flags = { debounce_text_changes = 0 },
    handlers = {
      ['textDocument/publishDiagnostics'] = function(e, params, ctx, config)
        vim.lsp.handlers['textDocument/publishDiagnostics'](e, params, ctx, config)
        published = params.version or published
      end,
    },
  })
  assert(client_id, 'the client did not start')
  vim.lsp.buf_attach_client(buf, client_id)
  local client = vim.lsp.get_client_by_id(client_id)
  assert(vim.wait(20000, function() return client.initialized end, 20), 'the server did not initialize')

  local function snapshot(what)
    local version = vim.lsp.util.buf_versions[buf]
    assert(vim.wait(20000, function() return published == version end, 5), 'no diagnostics for version ' .. tostring(version) .. ' (' .. what .. ')')
    local diagnostics = {}
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      local lsp = (d.user_data or {}).lsp or {}
      table.insert(diagnostics, { lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col, code = lsp.code or d.code })
    end
    table.insert(result.snapshots, { what = what, text = table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), '\n') .. '\n', diagnostics = diagnostics })
  end

  snapshot('opened')
  for i, key in ipairs(keys) do
    local lines = vim.split(key.text, '\n', true)
    vim.api.nvim_buf_set_text(buf, key.line, key.col, key.line, key.col + key.delete, lines)
    snapshot('keystroke ' .. i)
  end
  client.stop()
end)
if not ok then result.error = tostring(err) end
finish(ok and 0 or 1)
