# frozen_string_literal: true

require_relative 'spec_helper'

RSpec.describe 'golden cases through the native API' do
  it 'has the project table' do
    expect(Dir.glob(File.join(SpecSupport.golden_data, '*.cal'))).not_to be_empty
  end

  it 'reads the shared cases when present' do
    skip 'shared golden cases not present' unless SpecSupport.shared_cases
    expect(Dir.glob(File.join(SpecSupport.shared_cases, '*.cal'))).not_to be_empty
  end

  SpecSupport.golden_sets.each do |calpath|
    name = calpath.sub(/\.cal\z/, '')
    describe File.basename(name) do
      let(:cal) { SpecSupport.load_cal(calpath) }

      if File.exist?("#{name}_add.csv")
        it 'adds, one call and one array call' do
          r = SpecSupport.rows("#{name}_add.csv")
          r.each { |s, d, want| expect(cal.add(s, d)).to eq(want), "add(#{s}, #{d})" }
          expect(cal.add_many(r.map(&:first), r.map { |x| x[1] })).to eq(r.map(&:last))
        end
      end

      if File.exist?("#{name}_diff.csv")
        it 'diffs, one call and one array call' do
          r = SpecSupport.rows("#{name}_diff.csv")
          r.each { |a, b, want| expect(cal.diff(a, b)).to eq(want), "diff(#{a}, #{b})" }
          expect(cal.diff_many(r.map(&:first), r.map { |x| x[1] })).to eq(r.map(&:last))
        end
      end
    end
  end
end
