//! Walking the index: trace back (ancestors with their mass shares) and trace forward
//! (descendants), both over a cycle-checking topological order.

use super::index::Genealogy;
use super::results::{Ancestor, Descendant, GenealogyError};
use crate::codes::LotKey;
use std::collections::VecDeque;

impl Genealogy<'_> {
    /// Every ancestor with its mass share, nearest first. A lot reached by two paths
    /// appears once, with the shares of both paths added.
    pub fn trace_back(&self, lot: &LotKey) -> Result<Vec<Ancestor>, GenealogyError> {
        let Some(&start) = self.ids.get(lot) else {
            return Ok(Vec::new());
        };
        // Children before parents; also detects cycles.
        let order = self.topo_order(start, |i, k| self.parents[i].get(k).map(|e| e.parent))?;
        const UNSEEN: usize = usize::MAX;
        let n = self.lots.len();
        let mut share: Vec<Option<f64>> = vec![Some(0.0); n];
        let mut depth: Vec<usize> = vec![UNSEEN; n];
        // Each parent's children on the way, with the fraction of the child from it
        // (two events between the same pair add up).
        let mut via: Vec<Vec<(usize, Option<f64>)>> = vec![Vec::new(); n];
        share[start] = Some(1.0);
        depth[start] = 0;
        for &node in &order {
            let node_share = share[node];
            let node_depth = depth[node];
            for edge in &self.parents[node] {
                let p = edge.parent;
                share[p] = match (share[p], node_share, edge.fraction) {
                    (Some(a), Some(s), Some(f)) => Some(a + s * f),
                    _ => None,
                };
                depth[p] = depth[p].min(node_depth.saturating_add(1));
                match via[p].iter_mut().find(|(c, _)| *c == node) {
                    Some((_, f)) => *f = f.zip(edge.fraction).map(|(a, b)| a + b),
                    None => via[p].push((node, edge.fraction)),
                }
            }
        }
        let mut out: Vec<Ancestor> = order
            .iter()
            .filter(|&&i| i != start)
            .map(|&i| {
                let mut children: Vec<(LotKey, Option<f64>)> = via[i]
                    .iter()
                    .map(|&(c, f)| (self.lots[c].clone(), f))
                    .collect();
                children.sort_by(|a, b| a.0.cmp(&b.0));
                let (children, fractions) = children.into_iter().unzip();
                Ancestor {
                    lot: self.lots[i].clone(),
                    share: share[i],
                    depth: depth[i],
                    children,
                    fractions,
                    created: !self.creators[i].is_empty(),
                }
            })
            .collect();
        out.sort_by(|a, b| a.depth.cmp(&b.depth).then_with(|| a.lot.cmp(&b.lot)));
        Ok(out)
    }

    /// Every lot made (directly or not) from this one, nearest first.
    pub fn trace_forward(&self, lot: &LotKey) -> Result<Vec<Descendant>, GenealogyError> {
        let Some(&start) = self.ids.get(lot) else {
            return Ok(Vec::new());
        };
        Ok(self
            .forward_ids(start)?
            .into_iter()
            .filter(|&(i, _)| i != start)
            .map(|(i, depth)| Descendant {
                lot: self.lots[i].clone(),
                depth,
            })
            .collect())
    }

    /// The lot itself (depth 0) and its descendants, nearest first, as (index, depth).
    pub(super) fn forward_ids(&self, start: usize) -> Result<Vec<(usize, usize)>, GenealogyError> {
        self.topo_order(start, |i, k| self.children[i].get(k).copied())?;
        let mut depth: Vec<usize> = vec![usize::MAX; self.lots.len()];
        depth[start] = 0;
        let mut found = vec![(start, 0usize)];
        let mut queue = VecDeque::from([start]);
        while let Some(node) = queue.pop_front() {
            let d = depth[node];
            for &c in &self.children[node] {
                if depth[c] == usize::MAX {
                    depth[c] = d + 1;
                    found.push((c, d + 1));
                    queue.push_back(c);
                }
            }
        }
        found.sort_by(|a, b| {
            a.1.cmp(&b.1)
                .then_with(|| self.lots[a.0].cmp(&self.lots[b.0]))
        });
        Ok(found)
    }

    /// Reverse post-order of the nodes reachable from `start` along `next(node, k)` (the
    /// k-th successor): every node comes after all nodes that lead to it. Iterative, so
    /// deep chains cannot overflow the stack; a back edge is a cycle.
    fn topo_order(
        &self,
        start: usize,
        next: impl Fn(usize, usize) -> Option<usize>,
    ) -> Result<Vec<usize>, GenealogyError> {
        #[derive(Clone, Copy, PartialEq)]
        enum Mark {
            New,
            Open,
            Done,
        }
        let mut mark = vec![Mark::New; self.lots.len()];
        let mut post = Vec::new();
        let mut stack: Vec<(usize, usize)> = vec![(start, 0)];
        mark[start] = Mark::Open;
        while let Some(top) = stack.last_mut() {
            let (node, k) = *top;
            match next(node, k) {
                Some(n) => {
                    top.1 += 1;
                    match mark[n] {
                        Mark::New => {
                            mark[n] = Mark::Open;
                            stack.push((n, 0));
                        }
                        Mark::Open => return Err(GenealogyError::Cycle(self.lots[n].key())),
                        Mark::Done => {}
                    }
                }
                None => {
                    mark[node] = Mark::Done;
                    post.push(node);
                    stack.pop();
                }
            }
        }
        post.reverse();
        Ok(post)
    }
}
