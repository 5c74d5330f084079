# frozen_string_literal: true

# Drop-in replacement for the biz gem: `require 'libsla/as_biz'` instead of
# `require 'biz'`, and Biz::Schedule, Biz.configure, Biz.time... are served
# by Libsla::Biz.
require_relative 'biz'

Biz = Libsla::Biz unless defined?(Biz)
